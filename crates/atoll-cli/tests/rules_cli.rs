//! The rule catalogue through the CLI: listing, checking, and clear errors
//! for broken rule files.

mod common;

use std::collections::BTreeSet;

use common::{atoll, repo_root, run};

#[test]
fn the_builtin_catalogue_lists_at_least_60_rules_over_all_six_pillars() {
    let output = run(atoll().args(["rules", "list", "--json"]));
    assert!(output.status.success());
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(rules.len() >= 60, "{} rules", rules.len());
    let pillars: BTreeSet<&str> = rules
        .iter()
        .map(|r| r["pillar"].as_str().unwrap())
        .collect();
    assert_eq!(pillars.len(), 6, "all six pillars: {pillars:?}");
    for rule in &rules {
        for key in [
            "id",
            "title",
            "pillar",
            "question",
            "best_practices",
            "risk",
            "impact",
            "domain",
            "manual",
        ] {
            assert!(rule.get(key).is_some(), "{key} missing in {rule}");
        }
        let question = rule["question"].as_str().unwrap();
        assert!(
            question.len() == 5 || question.len() == 6,
            "short question id: {question}"
        );
    }
}

#[test]
fn rules_check_runs_every_rule_case_and_passes() {
    let output = run(atoll()
        .args(["rules", "check"])
        .arg(repo_root().join("rules")));
    assert!(output.status.success(), "rules check must pass");
    assert!(String::from_utf8_lossy(&output.stdout).contains(" 0 failed"));
}

#[test]
fn a_broken_rule_file_is_reported_with_its_file_and_fields() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir_all(rules.join("framework")).unwrap();
    std::fs::copy(
        repo_root().join("rules/framework/well-architected.json"),
        rules.join("framework/well-architected.json"),
    )
    .unwrap();
    let good =
        std::fs::read_to_string(repo_root().join("rules/reliability/rds-instance-multi-az.toml"))
            .unwrap();

    let unknown_question = good
        .replace("id = \"rds-instance-multi-az\"", "id = \"bad-question\"")
        .replace("question = \"REL10\"", "question = \"REL99\"");
    std::fs::write(rules.join("bad-question.toml"), unknown_question).unwrap();
    let bad_sql = good
        .replace("id = \"rds-instance-multi-az\"", "id = \"bad-sql\"")
        .replace("FROM inventory", "FROM inventroy");
    std::fs::write(rules.join("bad-sql.toml"), bad_sql).unwrap();
    let bad_columns = good
        .replace("id = \"rds-instance-multi-az\"", "id = \"bad-columns\"")
        .replace(" AS ok,", " AS passed,");
    std::fs::write(rules.join("bad-columns.toml"), bad_columns).unwrap();
    std::fs::write(rules.join("bad-toml.toml"), "id = \"bad-toml\"\ntitle = \n").unwrap();

    let output = run(atoll().args(["rules", "check"]).arg(&rules));
    assert_eq!(
        output.status.code(),
        Some(1),
        "a broken catalogue is an error"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad-question.toml: question: unknown Well-Architected question `REL99`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad-sql.toml: query: SQL error: no such table: inventroy"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad-columns.toml: query: missing result column(s) [\"ok\"]"),
        "{stderr}"
    );
    assert!(stderr.contains("bad-toml.toml"), "{stderr}");
}

#[test]
fn the_catalogue_page_is_fresh() {
    let output = run(atoll()
        .args(["rules", "docs", "--rules"])
        .arg(repo_root().join("rules")));
    assert!(output.status.success());
    let committed = std::fs::read_to_string(repo_root().join("docs/rules.md")).unwrap_or_default();
    assert!(
        committed == String::from_utf8_lossy(&output.stdout),
        "docs/rules.md is stale: run `atoll rules docs --rules rules --out docs/rules.md`"
    );
}
