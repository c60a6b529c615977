//! Property tests: the rule loader and the Well-Architected reference parser
//! answer any input, however broken, with an error that names the file, and
//! never panic. Inputs are arbitrary text and real files cut, spliced and
//! overwritten at random places (the broken edits a partner makes by hand).

use std::path::Path;

use atoll_core::framework::Framework;
use atoll_core::rule::parse_rule;
use proptest::prelude::*;

fn repo_file(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn framework_text() -> String {
    repo_file("rules/framework/well-architected.json")
}

fn framework() -> Framework {
    Framework::from_json("well-architected.json", &framework_text()).expect("the shipped reference")
}

/// `text` with `bytes` written over it at `at` (a share of its length), cut
/// to char boundaries so the result stays a `str`, as an editor saves it.
fn splice(text: &str, at: f64, cut: usize, insert: &str) -> String {
    let mut start = ((text.len() as f64) * at) as usize;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + cut).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{}{insert}{}", &text[..start], &text[end..])
}

const RULE_FILE: &str = "rules/security/iam-role-admin-access.toml";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_as_a_rule_file_is_an_error_naming_the_file(text in any::<String>()) {
        let framework = framework();
        if let Err(problems) = parse_rule("broken.toml", &text, &framework) {
            prop_assert!(!problems.is_empty());
            prop_assert!(problems.iter().all(|p| p.file == "broken.toml"));
        }
    }

    #[test]
    fn a_damaged_rule_file_is_parsed_or_refused_without_panic(
        at in 0.0..1.0f64,
        cut in 0usize..200,
        insert in "[ -~\n\"'\\[\\]{}=#]{0,40}",
    ) {
        let framework = framework();
        let text = splice(&repo_file(RULE_FILE), at, cut, &insert);
        if let Err(problems) = parse_rule("iam-role-admin-access.toml", &text, &framework) {
            prop_assert!(!problems.is_empty());
            prop_assert!(problems.iter().all(|p| p.file == "iam-role-admin-access.toml" && !p.message.is_empty()));
        }
    }

    #[test]
    fn any_text_as_the_reference_is_an_error_naming_the_file(text in any::<String>()) {
        let error = Framework::from_json("custom.json", &text).err();
        prop_assert!(error.is_some_and(|e| e.to_string().contains("custom.json")));
    }

    #[test]
    fn a_damaged_reference_is_parsed_or_refused_without_panic(
        at in 0.0..1.0f64,
        cut in 0usize..400,
        insert in "[ -~\n]{0,30}",
    ) {
        let text = splice(&framework_text(), at, cut, &insert);
        if let Err(error) = Framework::from_json("custom.json", &text) {
            prop_assert!(error.to_string().contains("custom.json"));
        }
    }
}
