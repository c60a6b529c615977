//! Cases the moto emulator cannot produce, evaluated by the built-in rule
//! catalogue over recorded inventories (tests/fixtures/recorded/).

use std::collections::BTreeMap;
use std::path::Path;

use atoll_core::engine::{ScanContext, evaluate, memory_inventory};
use atoll_core::{Outcome, Resource};

fn recorded(name: &str) -> (String, Vec<Resource>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/recorded")
        .join(name);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let resources = serde_json::from_value(doc["resources"].clone()).unwrap();
    (doc["collected_at"].as_str().unwrap().to_string(), resources)
}

/// The vpn-single-tunnel-up results over `resources`, by resource id.
async fn vpn_results(
    rules: &atoll_core::RuleSet,
    collected_at: &str,
    resources: Vec<Resource>,
) -> BTreeMap<String, (Outcome, String)> {
    let mut conn = memory_inventory(&resources).await.unwrap();
    let ctx = ScanContext {
        account_id: "123456789012".into(),
        collected_at: collected_at.to_string(),
        regions: vec!["eu-west-1".into()],
        coverage: vec![],
    };
    evaluate(&mut conn, &rules.rules, &ctx)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.rule_id == "vpn-single-tunnel-up")
        .map(|r| (r.resource_id, (r.outcome, r.detail)))
        .collect()
}

/// moto returns no VgwTelemetry for VPN connections: tunnel state comes
/// from a recording of DescribeVpnConnections. The recording is a redundant
/// pair on one virtual private gateway whose primary has a tunnel DOWN:
/// redundancy is judged per gateway, so the pair passes (the detail still
/// names the DOWN tunnel), and the degraded primary alone is a high risk.
#[tokio::test]
async fn a_vpn_with_one_tunnel_up_is_a_high_risk_unless_another_connection_covers_it() {
    let rules = atoll_app::builtin_rules().await.unwrap();
    let (collected_at, resources) = recorded("vpn-connections.json");
    let pair = vpn_results(&rules, &collected_at, resources.clone()).await;
    let (outcome, detail) = pair
        .get("vpn-0f1e2d3c4b5a69788")
        .expect("the degraded connection is assessed");
    assert_eq!(
        *outcome,
        Outcome::Pass,
        "the secondary connection keeps the gateway redundant: {detail}"
    );
    assert!(
        detail.contains("1 of 2")
            && detail.contains("52.18.200.47")
            && detail.contains("vpn-08a7b6c5d4e3f2a10"),
        "detail names the down tunnel and the covering connection: {detail}"
    );
    assert_eq!(
        pair.get("vpn-08a7b6c5d4e3f2a10").map(|o| o.0),
        Some(Outcome::Pass)
    );

    let alone: Vec<Resource> = resources
        .into_iter()
        .filter(|r| r.resource_id == "vpn-0f1e2d3c4b5a69788")
        .collect();
    let alone = vpn_results(&rules, &collected_at, alone).await;
    let (outcome, detail) = alone
        .get("vpn-0f1e2d3c4b5a69788")
        .expect("the degraded connection is assessed");
    assert_eq!(
        *outcome,
        Outcome::Fail,
        "one tunnel UP of two, with no other connection to the gateway, is a single point of failure"
    );
    assert!(
        detail.contains("1 of 2") && detail.contains("52.18.200.47"),
        "detail names the down tunnel: {detail}"
    );
    let rule = rules.get("vpn-single-tunnel-up").unwrap();
    assert_eq!(
        (
            rule.info.risk.as_str(),
            rule.info.pillar.as_str(),
            rule.info.question.as_str()
        ),
        ("high", "reliability", "REL02")
    );
}
