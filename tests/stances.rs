//! Table tests: sentences written for the project, each with the edges it must give.
//!
//! Every stance type appears at least once, negated cases included. An expected edge is
//! `"SRC type TGT"` (asserted) or `"SRC !type TGT"` (negated); the test fails on a missing
//! edge and on any extra one, so each row pins both recall and precision.

mod common;

use stancegraph::Extractor;

const CASES: &[(&str, &[&str])] = &[
    // supports
    (
        "Canada welcomed the agreement between Ethiopia and Kenya.",
        &["CAN supports ETH", "CAN supports KEN", "ETH cooperates KEN"],
    ),
    (
        "Brazil backed Argentina in the dispute.",
        &["BRA supports ARG"],
    ),
    ("The plan was cautiously welcomed by Kyiv.", &[]),
    (
        "Spain has held back from openly supporting Morocco.",
        &["ESP !supports MAR"],
    ),
    // denounces
    (
        "Norway condemned Russia's invasion of Ukraine.",
        &["NOR denounces RUS", "RUS attacks UKR"],
    ),
    (
        "Egypt, Greece and Cyprus denounced Turkey on Saturday.",
        &[
            "EGY denounces TUR",
            "GRC denounces TUR",
            "CYP denounces TUR",
        ],
    ),
    ("Japan did not condemn Iran.", &["JPN !denounces IRN"]),
    (
        "India refrained from denouncing Russia.",
        &["IND !denounces RUS"],
    ),
    (
        "Chile did not hesitate to condemn Venezuela.",
        &["CHL denounces VEN"],
    ),
    ("Sweden was criticized by Hungary.", &["HUN denounces SWE"]),
    // mediates
    (
        "Qatar brokered talks between Israel and Hamas.",
        &[
            "QAT mediates ISR",
            "QAT mediates HAMAS",
            "ISR consults HAMAS",
        ],
    ),
    (
        "Oman offered to mediate between Iran and Saudi Arabia.",
        &["OMN mediates IRN", "OMN mediates SAU"],
    ),
    // consults
    (
        "Japan and India held talks in Tokyo.",
        &["JPN consults IND"],
    ),
    (
        "The Chinese president spoke to Zelenskyy by telephone.",
        &["CHN consults UKR"],
    ),
    (
        "Kenya hosted the Ugandan foreign minister.",
        &["KEN consults UGA"],
    ),
    // cooperates
    (
        "Nigeria and Benin signed a trade agreement.",
        &["NGA cooperates BEN"],
    ),
    (
        "Vietnam signed a defence pact with Australia.",
        &["VNM cooperates AUS"],
    ),
    // aids
    ("Germany sent weapons to Ukraine.", &["DEU aids UKR"]),
    (
        "Beijing denies any plans to provide weapons to Russia.",
        &["CHN !aids RUS"],
    ),
    // appeals
    (
        "The United Nations called on Ethiopia to open the border.",
        &["UN appeals ETH"],
    ),
    ("France urged Mali to hold elections.", &["FRA appeals MLI"]),
    ("Portugal pleaded for Angola to free the journalists.", &["PRT appeals AGO"]),
    // demands
    (
        "Kyiv demanded that Moscow withdraw its troops.",
        &["UKR demands RUS"],
    ),
    // rejects
    (
        "Cuba rejected the United States proposal.",
        &["CUB rejects USA"],
    ),
    (
        "Hungary launched a legal challenge against the EU migrant quotas.",
        &["HUN rejects EU"],
    ),
    // attacks: a force advancing on a city held by a group
    (
        "Chadian troops advance on the rebel-held town of Faya.",
        &[],
    ),
    (
        "Kenyan troops advanced on the al-Shabaab stronghold of Kismayo.",
        &["KEN attacks AL_SHABAAB"],
    ),
    // a title is no act of support
    ("Kenya beat two-time champion Uganda.", &[]),
    // threatens
    (
        "North Korea threatened South Korea with retaliation.",
        &["PRK threatens KOR"],
    ),
    // sanctions
    (
        "The European Union imposed sanctions on Belarus.",
        &["EU sanctions BLR"],
    ),
    (
        "Germany banned the Iranian airline.",
        &["DEU sanctions IRN"],
    ),
    (
        "Canada has not imposed sanctions on Peru.",
        &["CAN !sanctions PER"],
    ),
    // coerces
    ("Iran seized a British tanker.", &["IRN coerces GBR"]),
    // attacks
    (
        "Russian forces shelled Ukrainian positions.",
        &["RUS attacks UKR"],
    ),
    (
        "Israel struck Hezbollah targets.",
        &["ISR attacks HEZBOLLAH"],
    ),
    // concedes
    ("Iran released the French prisoners.", &["IRN concedes FRA"]),
    (
        "Turkey withdrew its troops from Syria.",
        &["TUR concedes SYR"],
    ),
    // who does what to whom
    (
        "The president of Peru met the king of Spain.",
        &["PER consults ESP"],
    ),
    (
        "Security forces in Nigeria detained Cameroonian traders.",
        &["NGA coerces CMR"],
    ),
    (
        "A convoy of Sudanese aid workers was attacked by Chadian gunmen.",
        &["TCD attacks SDN"],
    ),
    (
        "Lisbon rejected calls by Angola for new talks.",
        &["PRT rejects AGO"],
    ),
    (
        "Austria said Serbia must withdraw its police.",
        &["AUT demands SRB"],
    ),
    (
        "Finland gave Namibia a grant for water projects.",
        &["FIN aids NAM"],
    ),
    (
        "Egypt offered to hand over the suspects to Libya.",
        &["EGY cooperates LBY"],
    ),
    ("The long-threatened strike began on Monday in Iraq.", &[]),
    ("Ghana criticized Togo, Kenya said.", &["GHA denounces TGO"]),
    (
        "The foreign ministers of Chile, Peru and Bolivia gathered in Lima.",
        &["CHL consults PER", "CHL consults BOL", "PER consults BOL"],
    ),
    (
        "Romania accused Moldova of spying. Moldova denied the accusation.",
        &["ROU denounces MDA", "MDA rejects ROU"],
    ),
    (
        "An Israeli drone strike that killed Syrian soldiers drew protests.",
        &["ISR attacks SYR"],
    ),
    (
        "Kenya said that Somalia had shelled Kenyan border posts.",
        &["KEN denounces SOM"],
    ),
    (
        "Exports fell after the European Union sanctioned Belarus.",
        &["EU sanctions BLR"],
    ),
    (
        "Myanmar is under Western sanctions.",
        &["WEST sanctions MMR"],
    ),
    (
        "The raid was condemned by members of the African Union.",
        &[],
    ),
    (
        "Sudan was condemned in a statement by Egypt and Ethiopia.",
        &["EGY denounces SDN", "ETH denounces SDN"],
    ),
    (
        "A treaty was signed between Laos, Vietnam and Cambodia.",
        &[
            "LAO cooperates VNM",
            "LAO cooperates KHM",
            "VNM cooperates KHM",
        ],
    ),
    (
        "The spokesman for the Irish government condemned Britain.",
        &["IRL denounces GBR"],
    ),
    ("Delegates discussed Kosovo, which Serbia does not recognize.", &["SRB !supports XKX"]),
    ("Officials worried about Iran providing weapons to Sudan, although Tehran denies any such plans.", &["IRN !aids SDN"]),
    ("Chile banned Peruvian trawlers. Ecuador criticized the move.", &["CHL sanctions PER", "ECU denounces CHL"]),
    ("Ghana announced a new visa policy. The decision was welcomed by Togo.", &["TGO supports GHA"]),
    ("The United States lifted its sanctions on Sudan.", &["USA concedes SDN"]),
    ("Norway suspended its aid to Tanzania.", &["NOR sanctions TZA"]),
    ("Jordan announced a suspension of flights to Lebanon.", &["JOR sanctions LBN"]),
    ("Poland's parliament has demanded an apology by Moscow.", &["POL demands RUS"]),
    ("Japan's ally in Asia is Australia.", &[]),
    // an announced act is a threat; the act itself has not happened
    ("Canada will impose sanctions on Venezuela.", &["CAN threatens VEN"]),
    ("Bhutan said Nepal would face sanctions unless it withdrew.", &["BTN threatens NPL"]),
    ("Guards escorted the captured Libyan sailors.", &[]),
    (
        "The Kenyan president will visit Uganda.",
        &["KEN consults UGA", "KEN cooperates UGA"],
    ),
    ("It is unlikely that Peru would fund Bolivia.", &[]),
    ("The visit of Kenya's president to Uganda ended.", &["KEN consults UGA"]),
    ("Russia attacks Ukraine again.", &["RUS attacks UKR"]),
    ("Russian attacks on Ukrainian cities continued.", &["RUS attacks UKR"]),
    ("Chinese President Xi Jinping spoke to the Kenyan president.", &["CHN consults KEN"]),
    ("Sweden said it would expel Iranian diplomats.", &["SWE threatens IRN"]),
    ("Chile has expanded cooperation in recent years with the navies of Peru and Ecuador.", &["CHL cooperates PER", "CHL cooperates ECU"]),
    ("Spain rejected a Moroccan appeal for patrolling waters near Algeria.", &["ESP rejects MAR"]),
    (
        "Egypt, Greece and Cyprus met in Cairo. They called on Turkey to halt drilling.",
        &["EGY consults GRC", "EGY consults CYP", "GRC consults CYP", "EGY appeals TUR", "GRC appeals TUR", "CYP appeals TUR"],
    ),
    ("Ghana will withdraw its troops from Mali unless the junta holds elections.", &["GHA threatens MLI"]),
    ("Israel mounted its invasion of South Lebanon.", &["ISR attacks LBN"]),
    ("The navy lifted on Friday a week-old blockade on Gambian boats.", &[]),
    ("Kenya opened an embassy in Seoul.", &["KEN cooperates KOR"]),
    ("African Union peacekeepers arrived in Somalia on Monday.", &["AU aids SOM"]),
    ("Greece condemned the Turkish-Libyan maritime deal.", &["GRC denounces TUR", "TUR cooperates LBY"]),
    ("Peru warned of wildfires currently destroying forests in Bolivia.", &[]),
    ("Chile attacked the decision by Argentina to close the border.", &["CHL denounces ARG"]),
    ("Pakistan slammed India's decision.", &["PAK denounces IND"]),
    ("The UN questioned the status of the islands, which were occupied by Argentina.", &[]),
    ("Oman said the drone attacks came from Yemen.", &[]),
    // coreference: bare titles and "the two leaders"
    (
        "Emmanuel Macron spoke with Olaf Scholz. The two leaders condemned Iran.",
        &["FRA consults DEU", "FRA denounces IRN", "DEU denounces IRN"],
    ),
    ("Olaf Scholz arrived in Kyiv. The chancellor praised Ukraine.", &["DEU supports UKR"]),
    // reported speech: the claim is asserted, the reported attack is not
    ("Somalia shelled Kenyan border posts, Kenyan officials said.", &["SOM attacks KEN"]),
    // hypothetical: no asserted edge
    ("Poland may impose sanctions on Belarus.", &[]),
    ("Officials fear that Serbia could attack Kosovo.", &[]),
    // same actor: no edge
    ("Moscow condemned Russia's critics.", &[]),
    // evaluations of an act: the judge toward the act's authors
    (
        "Peru called the border treaty between Chile and Bolivia \"null and void\".",
        &["CHL cooperates BOL", "PER rejects CHL", "PER rejects BOL"],
    ),
    (
        "Kenya described the Ugandan decision as \"a flagrant violation of international law\".",
        &["KEN denounces UGA"],
    ),
    (
        "Chad and Niger signed a border accord. Mali called the accord illegal.",
        &["TCD cooperates NER", "MLI denounces TCD", "MLI denounces NER"],
    ),
    (
        "Uganda expelled Rwanda's ambassador. Kenya said the expulsion was \"unacceptable\".",
        &["UGA sanctions RWA", "KEN denounces UGA"],
    ),
    (
        "Chile and Bolivia signed a treaty. Sweden did not call the treaty illegal.",
        &["CHL cooperates BOL", "SWE !denounces CHL", "SWE !denounces BOL"],
    ),
    ("The weather was ridiculous in Oslo, Norway said.", &[]),
    ("Norway said the proposal is illegal.", &[]),
    ("Brazil said that the agreement with Paraguay was illegal.", &["BRA cooperates PRY"]),
    // refusing a cooperative act rejects its addressee; a refusal only asked for is not one
    ("Peru refused to send aid to Bolivia.", &["PER rejects BOL", "PER !aids BOL"]),
    ("Japan is refusing to meet China.", &["JPN rejects CHN", "JPN !consults CHN"]),
    ("Greece urged Italy to refuse to recognize Serbia.", &["GRC appeals ITA"]),
    // names coordinated with a name after a preposition are governed by it too; the
    // authors of a joint act act together
    (
        "Peru is under EU sanctions, and was condemned in a joint statement by Chile, Brazil and Bolivia on Monday.",
        &[
            "EU sanctions PER",
            "CHL denounces PER",
            "BRA denounces PER",
            "BOL denounces PER",
            "CHL cooperates BRA",
            "CHL cooperates BOL",
            "BRA cooperates BOL",
        ],
    ),
    (
        "The delegations of Cyprus, Greece and Israel met.",
        &["CYP consults GRC", "CYP consults ISR", "GRC consults ISR"],
    ),
    // a subordinate clause about a name after the speech verb is the narrator's
    (
        "Kenya said it had signed a deal with Somalia after Ethiopia began an offensive into north-eastern Somalia.",
        &["KEN cooperates SOM", "ETH attacks SOM"],
    ),
    (
        "Kenya said Ethiopia began an offensive into Somalia.",
        &["KEN denounces ETH"],
    ),
    // a sentence inside a quotation ends the clause: no object across it
    (
        "Peru said: \"We abandoned them. This is a big win for Chile.\"",
        &[],
    ),
    // an example after "such as" names the object
    ("Brazil urged neighbours such as Peru to act.", &["BRA appeals PER"]),
    // "then with" continues a list of objects
    (
        "Kenya met with the IMF, then with President Macron.",
        &["KEN consults IMF", "KEN consults FRA"],
    ),
    ("Ghana criticized Togo, Kenya said.", &["GHA denounces TGO"]),
    // joint undertakings: only between the hyphenated actors before the noun
    (
        "The Peruvian-Chilean-Bolivian pipeline opened in May.",
        &["PER cooperates CHL", "PER cooperates BOL", "CHL cooperates BOL"],
    ),
    ("A Greek-Cypriot energy project stalled.", &["GRC cooperates CYP"]),
    ("The war effort drained Russia.", &[]),
    ("China announced a new project in Kenya.", &[]),
    // what a meeting produced is aimed at its parties
    (
        "Egypt, Jordan and Iraq met in Cairo. Turkey rejected the conclusions of the summit.",
        &[
            "EGY consults JOR",
            "EGY consults IRQ",
            "JOR consults IRQ",
            "TUR rejects EGY",
            "TUR rejects JOR",
            "TUR rejects IRQ",
        ],
    ),
];

#[test]
fn stance_table() {
    let ex = Extractor::with_defaults().expect("default resources load");
    common::check_table(&ex, CASES);
}

#[test]
fn every_type_is_covered() {
    for t in stancegraph::StanceType::ALL {
        let name = t.as_str();
        assert!(
            CASES
                .iter()
                .any(|(_, want)| want.iter().any(|e| e.split(' ').nth(1) == Some(name))),
            "no table row expects a {name} edge"
        );
    }
}
