//! Pre-parses the default vocabulary (`data/actors/*.toml`, `data/lexicon.toml`) so the
//! binary starts faster.
//!
//! The TOML files stay the source: they are compiled in as they are (`include_str!`) and
//! user files given with `--actors`/`--lexicon` are still TOML read at run time. This only
//! writes, for each default file, the same document as JSON into `OUT_DIR`, which
//! `serde_json` reads into the same records several times faster than TOML is parsed.
//! A file that is not valid TOML, or holds a value with no exact JSON form (a float or a
//! date), is written as `null`: the library then parses the TOML at run time, as it would
//! without this script, and reports its errors with their TOML line and column.

use std::path::Path;

const FILES: &[&str] = &[
    "data/actors/countries.toml",
    "data/actors/organizations.toml",
    "data/actors/people.toml",
    "data/actors/forces.toml",
    "data/actors/not_actors.toml",
    "data/lexicon.toml",
];

/// Is every value a string, integer, boolean, array or table (all exact in JSON)?
fn json_exact(v: &toml::Value) -> bool {
    match v {
        toml::Value::String(_) | toml::Value::Integer(_) | toml::Value::Boolean(_) => true,
        toml::Value::Float(_) | toml::Value::Datetime(_) => false,
        toml::Value::Array(a) => a.iter().all(json_exact),
        toml::Value::Table(t) => t.values().all(json_exact),
    }
}

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for file in FILES {
        println!("cargo:rerun-if-changed={file}");
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let json = match toml::from_str::<toml::Table>(&text) {
            Ok(t) if t.values().all(json_exact) => {
                serde_json::to_string(&t).expect("a TOML table is JSON")
            }
            _ => "null".to_string(),
        };
        let dest = Path::new(&out).join(format!("{file}.json"));
        std::fs::create_dir_all(dest.parent().expect("has a parent")).expect("OUT_DIR");
        std::fs::write(&dest, json).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
    }
    println!("cargo:rerun-if-changed=build.rs");
}
