//! Cases the moto emulator cannot produce, evaluated by the built-in rule
//! catalogue over recorded inventories (tests/fixtures/recorded/).

use std::path::Path;

use atoll_core::engine::{ScanContext, evaluate, memory_inventory};
use atoll_core::{Outcome, Resource, RuleResult, RuleSet};

fn recorded(name: &str) -> (String, Vec<Resource>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/recorded")
        .join(name);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let resources = serde_json::from_value(doc["resources"].clone()).unwrap();
    (doc["collected_at"].as_str().unwrap().to_string(), resources)
}

/// The built-in catalogue's results over a recorded inventory, as a scan of
/// `account_id` over `regions` with every type collected.
async fn evaluate_recorded(
    rules: &RuleSet,
    name: &str,
    account_id: &str,
    regions: &[&str],
) -> Vec<RuleResult> {
    let (collected_at, resources) = recorded(name);
    let mut conn = memory_inventory(&resources).await.unwrap();
    let ctx = ScanContext {
        account_id: account_id.into(),
        collected_at,
        regions: regions.iter().map(|r| r.to_string()).collect(),
        coverage: vec![],
    };
    evaluate(&mut conn, &rules.rules, &ctx).await.unwrap()
}

/// moto returns no VgwTelemetry for VPN connections: tunnel state comes
/// from a recording of DescribeVpnConnections.
#[tokio::test]
async fn a_vpn_with_one_tunnel_up_is_a_finding_and_one_with_two_is_not() {
    let rules = atoll_app::builtin_rules().await.unwrap();
    let results = evaluate_recorded(
        &rules,
        "vpn-connections.json",
        "123456789012",
        &["eu-west-1"],
    )
    .await;
    let vpn: Vec<_> = results
        .iter()
        .filter(|r| r.rule_id == "vpn-single-tunnel-up")
        .collect();
    let outcome = |id: &str| {
        vpn.iter()
            .find(|r| r.resource_id == id)
            .map(|r| (r.outcome, r.detail.clone()))
    };

    let (single, detail) =
        outcome("vpn-0f1e2d3c4b5a69788").expect("the degraded connection is assessed");
    assert_eq!(
        single,
        Outcome::Fail,
        "one tunnel UP of two is a single point of failure"
    );
    assert!(
        detail.contains("1 of 2")
            && detail.contains("52.18.200.47")
            && detail.contains("vpn-08a7b6c5d4e3f2a10"),
        "detail names the down tunnel and the other connection to the gateway: {detail}"
    );
    assert_eq!(
        outcome("vpn-08a7b6c5d4e3f2a10").map(|o| o.0),
        Some(Outcome::Pass)
    );
    let rule = rules.get("vpn-single-tunnel-up").unwrap();
    assert_eq!(
        (
            rule.info.risk.as_str(),
            rule.info.pillar.as_str(),
            rule.info.question.as_str()
        ),
        // medium: the scan cannot tell whether another connection reaches the same site
        ("medium", "reliability", "REL02")
    );
}

/// moto cannot show an organization trail from a member account, centralized
/// root access, or AWS-managed KMS keys: a recorded Control Tower workload
/// account holds them. Nothing in it may fail a high-risk rule, and keys the
/// customer cannot rotate get no rotation result at all.
#[tokio::test]
async fn a_recorded_control_tower_member_account_has_no_high_finding() {
    let rules = atoll_app::builtin_rules().await.unwrap();
    let results = evaluate_recorded(
        &rules,
        "well-run-member-account.json",
        "444455556666",
        &["eu-west-1", "us-east-1"],
    )
    .await;
    let outcome = |rule: &str, id: &str| {
        results
            .iter()
            .find(|r| r.rule_id == rule && r.resource_id == id)
            .map(|r| (r.outcome, r.detail.clone()))
    };

    let (trail, detail) = outcome("cloudtrail-multi-region-off", "444455556666")
        .expect("the account's trail coverage is assessed");
    assert_eq!(trail, Outcome::Pass, "{detail}");
    assert!(
        detail.contains("organization trail"),
        "the detail says the management account's trail covers it: {detail}"
    );
    let (root, detail) = outcome("iam-root-mfa-off", "444455556666").expect("root MFA assessed");
    assert_eq!(root, Outcome::Pass, "{detail}");
    assert!(detail.contains("RootCredentialsManagement"), "{detail}");

    let rotation: Vec<_> = results
        .iter()
        .filter(|r| r.rule_id == "kms-key-rotation-off")
        .map(|r| (r.resource_id.as_str(), r.outcome))
        .collect();
    assert_eq!(
        rotation,
        vec![("8b9c0d1e-2f3a-4b5c-6d7e-8f9a0b1c2d3e", Outcome::Pass)],
        "only the customer's symmetric key is judged; AWS-managed and signing keys are not"
    );

    let high: Vec<_> = results
        .iter()
        .filter(|r| r.outcome == Outcome::Fail)
        .filter(|r| {
            rules
                .get(&r.rule_id)
                .is_some_and(|rule| rule.info.risk == atoll_core::Risk::High)
        })
        .map(|r| format!("{} on {}: {}", r.rule_id, r.resource_id, r.detail))
        .collect();
    assert!(
        high.is_empty(),
        "high findings on a well-run account: {high:#?}"
    );
}
