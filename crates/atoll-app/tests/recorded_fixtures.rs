//! Cases the moto emulator cannot produce, evaluated by the built-in rule
//! catalogue over recorded inventories (tests/fixtures/recorded/).

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

/// moto returns no VgwTelemetry for VPN connections: tunnel state comes
/// from a recording of DescribeVpnConnections.
#[tokio::test]
async fn a_vpn_with_one_tunnel_up_is_a_finding_and_one_with_two_is_not() {
    let rules = atoll_app::builtin_rules().await.unwrap();
    let (collected_at, resources) = recorded("vpn-connections.json");
    let mut conn = memory_inventory(&resources).await.unwrap();
    let ctx = ScanContext {
        account_id: "123456789012".into(),
        collected_at,
        regions: vec!["eu-west-1".into()],
        coverage: vec![],
    };
    let results = evaluate(&mut conn, &rules.rules, &ctx).await.unwrap();
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
