//! An organization review by the real `atoll` binary against a four-account
//! AWS Organization planted in moto (tests/moto/plant_organization.py):
//! every planted risk is reported on its own account, the organization's
//! numbers are the sum of its accounts', and the account whose role cannot
//! be assumed is in the review as "not assessed", with the reason.
//!
//! moto assumes any role (it checks neither that the role exists nor the
//! external id), so the refusal comes from the fault proxy in front of it
//! (tests/moto/fault_proxy.py --deny-body): STS answers AccessDenied to
//! AssumeRole into the sandbox account, in STS's own error shape, and the
//! real SDK credentials provider meets it.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{FaultProxy, Moto, atoll, pdf_text, read_json, run};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread")]
async fn every_account_is_reviewed_and_the_denied_one_is_not_assessed() {
    let moto = Moto::start();
    let org = moto.plant_script("plant_organization.py");
    let denied = org["denied"].as_str().unwrap();
    let proxy = FaultProxy::start(
        Some(&moto.endpoint),
        &[
            "--mode",
            "pass",
            "--deny-body",
            &format!("Action=AssumeRole&.*RoleArn=arn:aws:iam::{denied}:role/"),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("atoll.db");
    let json = dir.path().join("review.json");
    let output = run(atoll()
        .args(["scan", "--endpoint-url", &proxy.endpoint])
        .args(["--regions", "eu-west-1", "--customer", "Acme Group"])
        .args(["--organization", "--member-role", "AtollReadOnly"])
        .arg("--db")
        .arg(&db)
        .arg("--json")
        .arg(&json));
    assert!(output.status.success(), "the review completes");
    assert!(
        proxy.stats()["denied"].as_u64().unwrap_or(0) >= 1,
        "the sandbox role was refused"
    );
    let review = read_json(&json);
    assert_eq!(review["scan"]["status"], "completed");
    assert_eq!(review["scan"]["organization"], true);
    assert_eq!(review["scan"]["account_id"], org["management"]);

    // One line per account of the organization, each in its OU.
    let accounts: BTreeMap<String, &Value> = review["accounts"]
        .as_array()
        .expect("the review lists its accounts")
        .iter()
        .map(|a| (a["account_id"].as_str().unwrap().to_string(), a))
        .collect();
    let planted_accounts = org["accounts"].as_object().unwrap();
    assert_eq!(
        accounts.keys().collect::<BTreeSet<_>>(),
        planted_accounts.keys().collect::<BTreeSet<_>>(),
        "every account of the organization is in the review"
    );
    for (id, planted) in planted_accounts {
        assert_eq!(accounts[id]["name"], planted["name"], "{id}");
        assert_eq!(accounts[id]["ou_path"], planted["ou_path"], "{id}");
    }

    // The denied account: not assessed, with the reason, and nothing of it
    // counted as clean.
    let sandbox = accounts[denied];
    assert!(sandbox["score"].is_null(), "no score for {sandbox}");
    let why = sandbox["not_assessed"].as_str().unwrap_or_default();
    assert!(
        why.contains("not assessed") && why.contains("AccessDenied") && why.contains(denied),
        "the reason names the refusal: {why}"
    );
    assert_eq!(
        review["accounts"][0]["account_id"], denied,
        "a not-assessed account leads the riskiest-first list"
    );
    let findings: Vec<&Value> = review["findings"].as_array().unwrap().iter().collect();
    assert!(
        findings.iter().all(|f| f["account_id"] != denied),
        "no finding is made up for the account that was not read"
    );

    // Every planted risk, on its own account.
    for risk in org["planted"].as_array().unwrap() {
        let (rule, account, resource) = (
            risk["rule"].as_str().unwrap(),
            risk["account_id"].as_str().unwrap(),
            risk["resource"].as_str().unwrap(),
        );
        let on_resource = |f: &&&Value| {
            f["rule_id"] == rule
                && (f["resource_id"] == resource
                    || f["resource_id"]
                        .as_str()
                        .is_some_and(|id| id.contains(resource))
                    || f["arn"].as_str().is_some_and(|arn| arn.contains(resource)))
        };
        let reported: Vec<&&Value> = findings.iter().filter(on_resource).collect();
        assert!(
            !reported.is_empty(),
            "{rule} on {resource} ({account}) is reported"
        );
        assert!(
            reported.iter().all(|f| f["account_id"] == account),
            "{rule} on {resource} is reported on account {account}: {reported:?}"
        );
    }

    // The organization's numbers are the sum of its accounts'.
    let assessed: Vec<&&Value> = accounts
        .values()
        .filter(|a| !a["score"].is_null())
        .collect();
    assert_eq!(assessed.len(), 3, "three accounts were assessed");
    let active = findings.iter().filter(|f| f["suppressed"] == false).count() as u64;
    let summed: u64 = assessed
        .iter()
        .map(|a| a["findings"].as_u64().unwrap())
        .sum();
    assert_eq!(review["summary"]["findings"].as_u64(), Some(active));
    assert_eq!(summed, active, "roll-up findings = sum of the accounts'");
    let high: u64 = assessed.iter().map(|a| a["high"].as_u64().unwrap()).sum();
    assert_eq!(
        review["summary"]["by_risk"]["high"].as_u64().unwrap_or(0),
        high,
        "roll-up high findings = sum of the accounts'"
    );
    let mut by_pillar: BTreeMap<String, u64> = BTreeMap::new();
    for account in &assessed {
        for (pillar, n) in account["by_pillar"].as_object().unwrap() {
            *by_pillar.entry(pillar.clone()).or_default() += n.as_u64().unwrap();
        }
    }
    let org_by_pillar: BTreeMap<String, u64> = review["summary"]["by_pillar"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(p, n)| (p.clone(), n.as_u64().unwrap()))
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(
        org_by_pillar, by_pillar,
        "roll-up by pillar = sum of the accounts'"
    );

    // Each account's own scan is stored and listed under the review only.
    let store = atoll_store::Store::open(&db).await.unwrap();
    let review_id = review["scan"]["id"].as_i64().unwrap();
    let account_scans = store.account_scans(review_id).await.unwrap();
    assert_eq!(account_scans.len(), 4);
    let listed = store.scans(Some("Acme Group")).await.unwrap();
    assert_eq!(
        listed.iter().map(|s| s.id).collect::<Vec<_>>(),
        [review_id],
        "the customer's scan list shows the review once"
    );
    let summary = String::from_utf8_lossy(&output.stdout);
    assert!(
        summary.contains("NOT ASSESSED") && summary.contains("riskiest first"),
        "the CLI summary lists the accounts: {summary}"
    );

    // The client report: the organization overview with every account and
    // the refused one's reason, the refusal among the coverage gaps, and
    // each finding's account in the CSV.
    let pdf = dir.path().join("review.pdf");
    let csv = dir.path().join("review.csv");
    let reported = run(atoll()
        .args(["report", "--scan", &review_id.to_string(), "--pdf"])
        .arg(&pdf)
        .arg("--csv")
        .arg(&csv)
        .arg("--db")
        .arg(&db));
    assert!(reported.status.success(), "the review's report is written");
    let text = pdf_text(&pdf);
    assert!(text.contains("Organization overview"));
    assert!(text.contains("Accounts not assessed"));
    for (id, planted) in planted_accounts {
        let name = planted["name"].as_str().unwrap();
        assert!(
            text.contains(&format!("{name} ({id})")),
            "{name} ({id}) in the PDF"
        );
    }
    assert!(
        text.contains(&format!("account sandbox ({denied})")),
        "the coverage gaps name the account that was not read"
    );
    let mut rows = csv::Reader::from_path(&csv).unwrap();
    let headers = rows.headers().unwrap().clone();
    let column = headers.iter().position(|h| h == "account_id").unwrap();
    let rule = headers.iter().position(|h| h == "rule_id").unwrap();
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), findings.len(), "one CSV row per finding");
    let payments = planted_accounts
        .iter()
        .find(|(_, a)| a["name"] == "payments-prod")
        .map(|(id, _)| id.as_str())
        .unwrap();
    for record in &records {
        assert!(!record[column].is_empty(), "every row names its account");
        if &record[rule] == "sg-open-ssh" {
            assert_eq!(&record[column], payments, "SSH open in payments-prod");
        }
    }
}

/// A review after one whose account is refused the next time: that
/// account's findings are "not re-assessed" in the diff, never resolved,
/// and its high-risk questions are not claimed as remediated.
#[tokio::test(flavor = "multi_thread")]
async fn an_account_refused_in_the_later_review_is_not_counted_as_remediated() {
    let moto = Moto::start();
    let org = moto.plant_script("plant_organization.py");
    let denied = org["denied"].as_str().unwrap();
    let proxy = FaultProxy::start(
        Some(&moto.endpoint),
        &[
            "--mode",
            "pass",
            "--deny-body",
            &format!("Action=AssumeRole&.*RoleArn=arn:aws:iam::{denied}:role/"),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("atoll.db");
    // The baseline reads every account (straight to moto); the later one
    // goes through the proxy that refuses the sandbox's role.
    let reviews: Vec<String> = [&moto.endpoint, &proxy.endpoint]
        .iter()
        .map(|endpoint| {
            let json = dir.path().join("review.json");
            let output = run(atoll()
                .args(["scan", "--endpoint-url", endpoint])
                .args(["--regions", "eu-west-1", "--customer", "Acme Group"])
                .args(["--organization", "--member-role", "AtollReadOnly"])
                .arg("--db")
                .arg(&db)
                .arg("--json")
                .arg(&json));
            assert!(output.status.success(), "the review completes");
            read_json(&json)["scan"]["id"].to_string()
        })
        .collect();
    let diff_json = dir.path().join("diff.json");
    let diff = run(atoll()
        .args(["diff", "--from", &reviews[0], "--to", &reviews[1]])
        .arg("--db")
        .arg(&db)
        .arg("--json")
        .arg(&diff_json));
    assert!(diff.status.success());
    assert!(String::from_utf8_lossy(&diff.stdout).contains("not re-assessed"));
    let diff = read_json(&diff_json);
    let in_sandbox = |list: &str| -> Vec<String> {
        diff[list]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["account_id"] == denied)
            .map(|f| f["rule_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        in_sandbox("not_reassessed").contains(&"ebs-volume-unencrypted".to_string()),
        "the sandbox's unencrypted volume is not re-assessed: {:?}",
        in_sandbox("not_reassessed")
    );
    assert!(
        in_sandbox("resolved").is_empty(),
        "nothing resolved in the sandbox"
    );
    assert!(
        diff["resolved"].as_array().unwrap().is_empty(),
        "nothing changed in the assessed accounts"
    );
    let hri = &diff["hri"];
    assert!(hri["resolved_hris"].as_array().unwrap().is_empty());
    assert_eq!(hri["baseline_hris"], hri["current_hris"]);
}
