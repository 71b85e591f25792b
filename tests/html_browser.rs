//! The HTML view in a real browser: headless Chromium loads the page (JavaScript on),
//! opens `#edge=N` and dumps the DOM. Skipped, with a note, when no Chromium is on
//! `PATH` (`.ci/run` installs Debian's `chromium` when it can).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use stancegraph::export::html::{to_html, HtmlOptions};
use stancegraph::GraphJson;

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
}

/// Runs the browser on `url` and returns the serialized DOM, or `None` if it did not
/// finish within two minutes.
fn dump_dom(browser: &str, url: &str, profile: &Path) -> Option<String> {
    let out_path = profile.join("dom.html");
    let out = std::fs::File::create(&out_path).ok()?;
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--virtual-time-budget=5000",
        ])
        .arg(format!(
            "--user-data-dir={}",
            profile.join("profile").display()
        ))
        .arg("--dump-dom")
        .arg(url)
        .stdout(out)
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(100)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
    std::fs::read_to_string(out_path).ok()
}

#[test]
fn page_runs_in_headless_chromium_and_shows_evidence_as_text() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no chromium on PATH");
        return;
    };
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/fixture.graph.json"
    );
    let text = std::fs::read_to_string(fixture).expect("fixture");
    let g = GraphJson::parse(fixture, &text).expect("graph");
    // Edge 4 is the attack whose sentence carries markup and `</script>`.
    assert_eq!(g.edges[4].stance.as_str(), "attacks");
    let dir = std::env::temp_dir().join(format!("stancegraph-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let page = dir.join("graph.html");
    std::fs::write(&page, to_html(&g, HtmlOptions::default())).expect("write page");

    let Some(dom) = dump_dom(browser, &format!("file://{}#edge=4", page.display()), &dir) else {
        eprintln!("skipped: {browser} did not finish in time");
        return;
    };
    if dom.trim().is_empty() {
        eprintln!("skipped: {browser} printed no DOM");
        return;
    }
    // The script ran to the end.
    assert!(
        dom.contains("data-ready=\"true\""),
        "the script did not run:\n{dom}"
    );
    // Edge 4's evidence is listed, as text: the markup in the sentence is not markup.
    assert!(
        dom.contains("&lt;b id=\"injected\"&gt;Chinese&lt;/b&gt; posts &amp; depots;"),
        "evidence missing or not escaped:\n{dom}"
    );
    assert!(
        !dom.contains("<b id=\"injected\">"),
        "article text became markup"
    );
    assert!(
        !dom.contains("<script>window.PWNED"),
        "article text became a script"
    );
    assert!(dom.contains("&lt;/script&gt;&lt;script&gt;window.PWNED=1"));
    assert!(dom.contains("said by CHN"));
    // The title names both actors; the hostile name is text too.
    assert!(dom.contains("Northern \"Front\" &lt;b&gt;&amp;amp;&lt;/b&gt;"));
    // Negated edges start hidden (the checkbox is off).
    let negated = dom
        .split("data-polarity=\"negated\"")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .unwrap_or("");
    assert!(
        negated.contains("display") && negated.contains("none"),
        "{negated}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
