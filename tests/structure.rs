//! Table tests for the constructions that extraction reads from sentence structure.
//!
//! Each group of rows is one construction: coordination, a demonym or possessor before an
//! institution or force, passives with a nominal agent, headline-style present tense,
//! places, modality from the verb group, reported speech, and one piece of evidence per
//! sentence. Every group has negative rows: sentences that must give nothing, or less
//! than a word-proximity rule would. All sentences were written for the project.

mod common;

use stancegraph::{Document, Extractor};

const CASES: &[(&str, &[&str])] = &[
    // ---- coordination: a list with articles and a serial comma
    (
        "Peru, Ecuador, the UK, and Spain condemned Venezuela on Friday.",
        &[
            "PER denounces VEN",
            "ECU denounces VEN",
            "GBR denounces VEN",
            "ESP denounces VEN",
        ],
    ),
    // a comma alone does not coordinate the next clause's subject
    ("Ghana criticized Togo, Kenya said.", &["GHA denounces TGO"]),
    // ---- a demonym or possessor before an institution, force or group of people
    (
        "The Chilean foreign ministry expels three Argentine diplomats.",
        &["CHL sanctions ARG"],
    ),
    (
        "Indian troops shell Pakistani army posts along the frontier.",
        &["IND attacks PAK"],
    ),
    // ---- headline style: a present-tense verb that is also a noun
    (
        "Croatia expels two Serbian diplomats.",
        &["HRV sanctions SRB"],
    ),
    // the noun reading stays a noun
    ("Mali condemned the strikes on its northern towns.", &[]),
    // ---- passive with a nominal agent
    // no agent: no doer
    ("Three Malian soldiers were killed on Sunday.", &[]),
    // ---- places and events are no one's act
    ("The war in Yemen enters its fifth year.", &[]),
    // a place is the target of acts that hit it, and stands for its state
    (
        "Russian forces shelled Kharkiv overnight.",
        &["RUS attacks UKR"],
    ),
    (
        "Turkish jets bombed Kunduz on Tuesday.",
        &["TUR attacks AFG"],
    ),
    // a place never acts, and is no party to cooperation
    ("Kandahar condemned the raid by Pakistan.", &[]),
    ("Germany signed a trade deal in Mombasa.", &[]),
    ("The Taliban seized control of Kandahar.", &["TALIBAN attacks AFG"]),
    // a place name before a surname is a person's name; "In PLACE, STATE" is where
    (
        "Gen. Gilbert Mensah urged Ghana to reopen the border.",
        &[],
    ),
    ("In Rotorua, New Zealand, a hearing begins, seeking to bring him to Fiji.", &[]),
    // a name after a present-tense verb is its object, not its subject
    ("The typhoon now hits Japan after hitting South Korea.", &[]),
    (
        "The storm that formed on Monday reaches Japan after hitting South Korea.",
        &[],
    ),
    // fighting between two sides: each attacks the other
    (
        "Fighting between Boko Haram and Chadian troops continued near the lake.",
        &["BOKO_HARAM attacks TCD", "TCD attacks BOKO_HARAM"],
    ),
    // an attack a speaker reports is not the speaker's own
    ("A Canadian official said the air attack struck a market in Yemen.", &[]),
    // "-based", "-held": the name is where the group is, the holder is the party
    (
        "Kenyan troops attacked Somalia-based Al-Shabaab fighters.",
        &["KEN attacks AL_SHABAAB"],
    ),
    (
        "Syrian jets bombed Islamic State-held Raqqa.",
        &["SYR attacks ISIS"],
    ),
    // ---- modality from the verb group and the verbs that govern it
    ("Mexico wants Cuba to reject the offer.", &[]),
    (
        "Japan expressed concern but stopped short of condemning Vietnam.",
        &["JPN !denounces VNM"],
    ),
    // ---- reported speech: the speaker is the subject of the speech verb
    // an object "it" of the reported clause is the speaker; "its" the latest actor
    (
        "Nigeria says Chad is assisting it in its war against Boko Haram.",
        &["TCD aids NGA", "NGA attacks BOKO_HARAM"],
    ),
    ("Peru says Chile is helping Bolivia.", &[]),
    // "he" after a person the gazetteer does not know is that person
    (
        "William Ruto met Joe Biden. Police arrested John Kamau after he attacked a Kenyan officer.",
        &["KEN consults USA"],
    ),
    // sworn to fight: announced, not done
    ("Serbian nationalists have sworn to fight Kosovo.", &[]),
    // ---- diplomatic acts named by a phrase
    (
        "The Ghanaian ambassador presented his credentials to the Japanese emperor.",
        &["GHA consults JPN"],
    ),
    (
        "Austria closed its border with Slovenia.",
        &["AUT sanctions SVN"],
    ),
    // ---- a judgement's target is the act, not a possessor inside "as ..."
    // ---- a noun cue inside a name or a compound is no cue
    (
        "Four Kenyan soldiers are killed in an Al-Shabaab ambush.",
        &["AL_SHABAAB attacks KEN"],
    ),
    (
        "Twelve Syrian civilians are killed in a Turkish air strike.",
        &["TUR attacks SYR"],
    ),
    ("Chile will attack Peru, analysts warned.", &[]),
    (
        "The United States said Cuba had threatened Panama.",
        &["USA denounces CUB"],
    ),
    (
        "Ghana and Togo hold talks on efforts to end the war in Mali.",
        &["GHA consults TGO"],
    ),
    (
        "Iran condemned the raids as a violation of Iraq's sovereignty.",
        &[],
    ),
    (
        "Nigerian soldiers attack Boko Haram camps near the border.",
        &["NGA attacks BOKO_HARAM"],
    ),
    (
        "The Egyptian Air Force strikes 30 Islamic State targets.",
        &["EGY attacks ISIS"],
    ),
    // a capitalised modifier after a headline verb starts its object; a weekday does not
    (
        "Iraqi jets strike Kurdish PKK camps near the border.",
        &["IRQ attacks PKK"],
    ),
    ("The Kenyan general strike Monday closed Tanzanian ports.", &[]),
    // a name after a verb the tagger reads as a noun is its object, not a compound head
    (
        "Turkish jets strike ISIS positions near the border.",
        &["TUR attacks ISIS"],
    ),
    // ---- ending an act: "no longer" before a cooperative cue is a sanction, stated
    (
        "The Jordanian government will no longer attend talks with Syria.",
        &["JOR sanctions SYR"],
    ),
    (
        "Morocco said it would no longer abide by the treaty with Algeria.",
        &["MAR sanctions DZA"],
    ),
    ("Spain no longer sends aid to Mali.", &["ESP sanctions MLI"]),
    // before a cue of another type it still negates; a modal keeps it unstated
    ("Chile no longer condemns Peru.", &["CHL !denounces PER"]),
    ("Iraq may no longer cooperate with Iran.", &[]),
    // ---- a participle after its agent, before a noun: the act is given, whatever the
    // clause says about attending it
    (
        "Colombia will no longer attend Norway-brokered talks with Venezuela.",
        &["NOR mediates VEN", "COL sanctions VEN"],
    ),
    (
        "Peru will not attend United Nations brokered talks with Chile.",
        &["UN mediates CHL", "PER !consults CHL"],
    ),
    // the agent inside the object is no subject of the clause
    (
        "The government says that it will no longer attend United Nations brokered talks with Togo.",
        &["UN mediates TGO"],
    ),
    // ---- a civil war is fought inside the state, not by the sentence's subject
    (
        "Japan will send aid to refugees fleeing the civil war in Sudan.",
        &[],
    ),
    ("Chad joined the war in Sudan.", &["TCD attacks SDN"]),
    // ---- a pronoun subject reaches back over two sentences, not over a list of items
    (
        "Kenya criticized Uganda. Storms hit the coast. It then condemned Sudan.",
        &["KEN denounces UGA", "KEN denounces SDN"],
    ),
    (
        "Kenya criticized Uganda. Storms hit the coast. Floods closed roads. Fires burned homes. It then condemned Sudan.",
        &["KEN denounces UGA"],
    ),
];

#[test]
fn structure_table() {
    let ex = Extractor::with_defaults().expect("default resources load");
    common::check_table(&ex, CASES);
}

/// Several cue words of one type in one sentence are one piece of evidence.
#[test]
fn one_evidence_per_sentence_and_edge() {
    let ex = Extractor::with_defaults().expect("default resources load");
    for (text, want) in [
        (
            "Kenya and Uganda signed a partnership agreement on trade.",
            1,
        ),
        (
            "Kenya and Uganda signed a trade agreement. They also met in May.",
            2,
        ),
    ] {
        let events = ex.extract(&Document::new("t", text));
        assert_eq!(events.len(), want, "{text}: {events:#?}");
    }
}
