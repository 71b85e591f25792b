//! Invented corpora for tests and benchmarks: articles made from a few sentence templates
//! with actor names substituted, so that property tests, the `--threads` test, the
//! benchmarks and `examples/gen_corpus.rs` need no downloaded or real news text.
//!
//! Every template here was written for this project; about a third of them state a stance
//! (a cue between two actors), the rest are the neutral sentences that fill real articles.
//! A [`Generator`] is a small deterministic pseudo-random generator (SplitMix64): the same
//! seed always gives the same corpus, on every platform, so figures measured on it can be
//! reproduced. [`render`] fills one template with chosen names, for property tests that
//! pick the template and the names themselves.

use crate::document::Document;

/// Sentence templates; `{A}`, `{B}` and `{C}` are replaced by actor names.
pub const TEMPLATES: &[&str] = &[
    // stances
    "{A} condemned {B} for the detention of two journalists near the border.",
    "{A} praised {B} for its handling of the refugee crisis.",
    "{A} brokered talks between {B} and {C} on Monday.",
    "{A} and {B} signed a trade agreement on Friday.",
    "{A} imposed sanctions on {B} over the missile tests.",
    "{A} sent humanitarian aid to {B} after the earthquake.",
    "{A} urged {B} to release the detained sailors.",
    "{A} rejected the proposal put forward by {B}.",
    "{A} did not criticize {B} over the incident.",
    "{A} summoned the ambassador of {B} on Wednesday.",
    "{A} threatened {B} with retaliation if the blockade continued.",
    "Officials from {A} held talks with {B} about fishing rights.",
    "{A} welcomed the decision of {B} to reopen the consulate.",
    "{A} plans to send an envoy to {B} and {C} next month.",
    "{A} thanked {B} for the gesture, the foreign ministry of {C} said.",
    // neutral sentences, some with names and no cue
    "The meeting lasted for more than six hours.",
    "Officials gave no further details about the schedule.",
    "The ministry published a short statement on its website late in the evening.",
    "Prices of wheat and fuel rose again in {A} this week.",
    "Heavy rain closed several roads in the north of {A}.",
    "The delegation arrived in {A} on Tuesday afternoon.",
    "Analysts said the next round was expected after the elections.",
    "Local newspapers in {A} carried the story on their front pages.",
    "The foreign minister of {A} spoke to reporters at the airport.",
    "A spokesperson declined to give a date for the next session.",
    "The central bank kept its interest rate unchanged.",
    "Markets in {A} opened slightly higher on Thursday.",
    "Thousands of people gathered in the main square of the capital.",
    "The agreement covers fisheries, ports and customs procedures.",
    "Talks are due to resume in the spring.",
];

/// Actor names substituted into the templates: countries, capitals, organizations.
pub const NAMES: &[&str] = &[
    "France",
    "Germany",
    "Japan",
    "Brazil",
    "Argentina",
    "Egypt",
    "Ethiopia",
    "Kenya",
    "Mali",
    "Ghana",
    "Senegal",
    "India",
    "Norway",
    "Chile",
    "Peru",
    "Canada",
    "Mexico",
    "Qatar",
    "Turkey",
    "Poland",
    "Spain",
    "Italy",
    "Greece",
    "Cyprus",
    "Sudan",
    "Nigeria",
    "Indonesia",
    "Vietnam",
    "Australia",
    "Paris",
    "Berlin",
    "Tokyo",
    "Cairo",
    "Nairobi",
    "Accra",
    "Oslo",
    "Ottawa",
    "Doha",
    "Warsaw",
    "Madrid",
    "the European Union",
    "the African Union",
];

/// `TEMPLATES[template]` (modulo its length) with `{A}`, `{B}`, `{C}` replaced by
/// `NAMES[a]`, `NAMES[b]`, `NAMES[c]` (each modulo the number of names). A name at the
/// start of a sentence gets a capital letter ("The European Union").
pub fn render(template: usize, a: usize, b: usize, c: usize) -> String {
    let name = |i: usize| NAMES[i % NAMES.len()];
    let t = TEMPLATES[template % TEMPLATES.len()];
    let s = t
        .replace("{A}", name(a))
        .replace("{B}", name(b))
        .replace("{C}", name(c));
    match s.strip_prefix("the ") {
        Some(rest) => format!("The {rest}"),
        None => s,
    }
}

/// A deterministic generator of invented articles.
#[derive(Debug, Clone)]
pub struct Generator {
    state: u64,
    next_id: u64,
}

impl Generator {
    /// A generator; the same seed gives the same articles.
    pub fn new(seed: u64) -> Self {
        Generator {
            state: seed,
            next_id: 0,
        }
    }

    /// The next pseudo-random number (SplitMix64).
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// One sentence: a template with three distinct names.
    pub fn sentence(&mut self) -> String {
        let t = self.below(TEMPLATES.len());
        let a = self.below(NAMES.len());
        let b = (a + 1 + self.below(NAMES.len() - 1)) % NAMES.len();
        let mut c = self.below(NAMES.len());
        while c == a || c == b {
            c = (c + 1) % NAMES.len();
        }
        render(t, a, b, c)
    }

    /// Sentences joined into paragraphs until the text is at least `bytes` long. With
    /// `paragraphs` false, everything is one line (one paragraph).
    pub fn text(&mut self, bytes: usize, paragraphs: bool) -> String {
        let mut text = String::with_capacity(bytes + 200);
        let mut in_para = 0;
        while text.len() < bytes {
            if !text.is_empty() {
                if paragraphs && in_para >= 3 + self.below(4) {
                    text.push_str("\n\n");
                    in_para = 0;
                } else {
                    text.push(' ');
                }
            }
            text.push_str(&self.sentence());
            in_para += 1;
        }
        text
    }

    /// The next article: id `gen-N`, a date in 2020–2024, a title line and 6 to 45
    /// sentences in paragraphs (about 2.5 KB on average, like a news article).
    pub fn article(&mut self) -> Document {
        let id = format!("gen-{}", self.next_id);
        self.next_id += 1;
        let date = format!(
            "{}-{:02}-{:02}",
            2020 + self.below(5),
            1 + self.below(12),
            1 + self.below(28)
        );
        let title = self.sentence();
        let title = title.trim_end_matches('.').to_string();
        let size = 500 + self.below(4000);
        let body = self.text(size, true);
        let mut doc = Document::new(id, format!("{title}\n\n{body}\n")).with_date(&date);
        doc.title = Some(title);
        doc
    }

    /// The next article as one JSON Lines record (with its newline).
    pub fn jsonl_line(&mut self) -> String {
        let d = self.article();
        let record = serde_json::json!({
            "id": d.id,
            "date": d.date,
            "title": d.title,
            "text": d.text,
        });
        format!("{record}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_articles() {
        let (mut a, mut b) = (Generator::new(7), Generator::new(7));
        for _ in 0..20 {
            assert_eq!(a.jsonl_line(), b.jsonl_line());
        }
        assert_ne!(
            Generator::new(8).jsonl_line(),
            Generator::new(7).jsonl_line()
        );
    }

    #[test]
    fn articles_parse_and_have_the_requested_shape() {
        let mut g = Generator::new(1);
        for n in 0..50 {
            let line = g.jsonl_line();
            let d = crate::document::parse_record(line.trim(), "x").expect("a record");
            assert_eq!(d.id, format!("gen-{n}"));
            assert!(d.text.len() >= 500, "{}", d.text.len());
        }
        let one = g.text(10_000, false);
        assert!(one.len() >= 10_000 && !one.contains('\n'));
        assert_eq!(
            render(0, 0, 1, 2),
            TEMPLATES[0]
                .replace("{A}", "France")
                .replace("{B}", "Germany")
        );
        assert!(render(1, NAMES.len() - 1, 0, 0).starts_with("The African Union"));
    }
}
