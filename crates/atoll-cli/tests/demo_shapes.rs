//! The bundled demo customer (crates/atoll-app/demo/*.json, written by
//! demo/generate.py) is shaped like a real scan: for every resource type the
//! demo has, each field path its records' `config` uses is one the collectors
//! emit for that type. What the collectors emit is taken from a real
//! collection through the SDK clients against moto, planted with
//! tests/moto/plant.py ("standard") and tests/moto/plant_shapes.py (the demo's
//! other types); for types moto cannot produce, from a recorded inventory in
//! tests/fixtures/recorded/ when there is one.
//!
//! Field paths are keys joined by `.`, with `[]` for array elements
//! (`SecurityGroups[].GroupId`). A demo path the collection lacks fails the
//! test unless it is listed in [`MOTO_OMITS`], with the reason: there moto's
//! answer leaves out (or leaves empty) a field the real API returns, so the
//! collector's shape for it cannot be observed here. Every entry of these
//! lists must still be needed, or the test fails too.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{Moto, repo_root};
use serde_json::Value;

/// Demo fields the collectors emit for real accounts that moto's answers do
/// not fill, as (resource type, field path, why). A path covers the fields
/// under it.
const MOTO_OMITS: &[(&str, &str, &str)] = &[
    (
        "AWS::CloudFormation::Stack",
        "DriftInformation",
        "moto's DescribeStacks leaves out DriftInformation: drift detection is not emulated",
    ),
    (
        "AWS::CloudFront::Distribution",
        "Origins[].S3OriginConfig",
        "moto's ListDistributions leaves out an S3 origin's S3OriginConfig (it keeps the \
         origin access identity it was given, but does not return it)",
    ),
    (
        "AWS::ECS::Service",
        "deploymentConfiguration",
        "moto's DescribeServices leaves out deploymentConfiguration (healthy percents, \
         deployment circuit breaker), even when the service was created with one",
    ),
    (
        "AWS::Lambda::Function",
        "DeadLetterConfig",
        "moto's ListFunctions leaves out DeadLetterConfig, even when the function was \
         created with one",
    ),
];

/// Types the demo has that moto cannot produce and no recorded inventory
/// holds, as (resource type, why).
const NOT_EMULATED: &[(&str, &str)] = &[
    (
        "AWS::Backup::ProtectedResource",
        "moto does not implement AWS Backup's ListProtectedResources: its server answers 404",
    ),
    (
        "AWS::CloudWatch::Alarm",
        "the Rust SDK calls CloudWatch over Smithy RPC v2 CBOR, a protocol moto's server does \
         not route: DescribeAlarms answers 404",
    ),
];

/// Fields whose values are documents or maps keyed by data (policy
/// documents, API Gateway's method settings keyed by `resource/method`):
/// their own name is compared, their contents' keys are not.
const OPAQUE: [&str; 5] = [
    "Policy",
    "PolicyDocument",
    "AssumeRolePolicyDocument",
    "Document",
    "methodSettings",
];

/// Field path -> whether some record had a value there (not null, not an
/// empty array or object).
type Shape = BTreeMap<String, bool>;

fn filled(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
        _ => true,
    }
}

fn add_shape(value: &Value, prefix: &str, shape: &mut Shape) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                *shape.entry(path.clone()).or_default() |= filled(child);
                if !OPAQUE.contains(&key.as_str()) {
                    add_shape(child, &path, shape);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                add_shape(item, &format!("{prefix}[]"), shape);
            }
        }
        _ => {}
    }
}

/// Each resource type's shape over the given records (`type` and `config`).
fn shapes<'a>(records: impl IntoIterator<Item = &'a Value>) -> BTreeMap<String, Shape> {
    let mut out: BTreeMap<String, Shape> = BTreeMap::new();
    for record in records {
        let rtype = record["type"]
            .as_str()
            .expect("a resource type")
            .to_string();
        add_shape(&record["config"], "", out.entry(rtype).or_default());
    }
    out
}

fn read(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn demo_shapes() -> BTreeMap<String, Shape> {
    let demo = repo_root().join("crates/atoll-app/demo");
    let inventories: Vec<Value> = ["before.json", "after.json"]
        .iter()
        .map(|name| read(&demo.join(name)))
        .collect();
    shapes(
        inventories
            .iter()
            .flat_map(|i| i["resources"].as_array().unwrap()),
    )
}

fn recorded_shapes() -> BTreeMap<String, Shape> {
    let dir = repo_root().join("tests/fixtures/recorded");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let inventories: Vec<Value> = files.iter().map(|path| read(path)).collect();
    shapes(
        inventories
            .iter()
            .flat_map(|i| i["resources"].as_array().unwrap()),
    )
}

async fn collected_shapes() -> BTreeMap<String, Shape> {
    common::emulator_env();
    let moto = Moto::start();
    moto.plant("standard");
    let planted = moto.plant_script("plant_shapes.py");
    let failed: Vec<_> = planted
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, outcome)| *outcome != "planted")
        .collect();
    eprintln!("plant_shapes.py could not plant: {failed:?}");
    let (_conn, collection) = moto.collect_planted_regions().await;
    let resources = serde_json::to_value(&collection.resources).unwrap();
    shapes(resources.as_array().unwrap())
}

/// The listed entry that covers `path` of `rtype`, if any.
fn omitted(rtype: &str, path: &str) -> Option<usize> {
    MOTO_OMITS.iter().position(|(t, listed, _)| {
        *t == rtype
            && (path == *listed
                || path.starts_with(&format!("{listed}."))
                || path.starts_with(&format!("{listed}[]")))
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_uses_the_field_names_the_collectors_emit() {
    let demo = demo_shapes();
    let collected = collected_shapes().await;
    let recorded = recorded_shapes();

    let mut problems = Vec::new();
    let mut used_omits = BTreeSet::new();
    let mut used_not_emulated = BTreeSet::new();
    for (rtype, demo_shape) in &demo {
        // The collection's shape for the type, else the recorded one; a path
        // the collection lacks may still be in a recording (made where moto
        // falls short, as VPN tunnel telemetry).
        let recording = recorded.get(rtype);
        let (reference, source) = match (collected.get(rtype), recording) {
            (Some(shape), _) => (shape, "the collection from moto"),
            (None, Some(shape)) => (shape, "the recorded inventory"),
            (None, None) => {
                match NOT_EMULATED.iter().position(|(t, _)| t == rtype) {
                    Some(i) => {
                        used_not_emulated.insert(i);
                    }
                    None => problems.push(format!(
                        "{rtype}: the demo has it, but neither moto's collection nor a recorded \
                         inventory does: plant it (tests/moto/plant_shapes.py), record one, or \
                         list it in NOT_EMULATED with the reason"
                    )),
                }
                continue;
            }
        };
        for path in demo_shape.keys() {
            if reference.contains_key(path) || recording.is_some_and(|r| r.contains_key(path)) {
                continue;
            }
            match omitted(rtype, path) {
                Some(i) => {
                    used_omits.insert(i);
                }
                None => {
                    // The nearest field above it the reference has, and whether
                    // it ever held a value there.
                    let parent = path
                        .rmatch_indices(['.', '['])
                        .map(|(i, _)| &path[..i])
                        .find(|p| reference.contains_key(*p));
                    let hint = match parent {
                        Some(p) if !reference[p] => format!(
                            " ({source} never fills {p}: if moto cannot, list the path in MOTO_OMITS)"
                        ),
                        _ => String::new(),
                    };
                    problems.push(format!(
                        "{rtype}: the demo's config has {path}, which {source} does not{hint}"
                    ));
                }
            }
        }
        let unused: Vec<_> = reference
            .keys()
            .filter(|p| !p.contains(['.', '[']) && !demo_shape.contains_key(*p))
            .collect();
        if !unused.is_empty() {
            eprintln!("{rtype}: the collectors emit fields the demo leaves out: {unused:?}");
        }
    }
    for (i, (rtype, path, _)) in MOTO_OMITS.iter().enumerate() {
        if !used_omits.contains(&i) {
            problems.push(format!(
                "MOTO_OMITS lists {rtype} {path}, which the demo does not use or moto now emits: drop it"
            ));
        }
    }
    for (i, (rtype, _)) in NOT_EMULATED.iter().enumerate() {
        if !used_not_emulated.contains(&i) {
            problems.push(format!(
                "NOT_EMULATED lists {rtype}, which moto's collection or a recording now has (or the demo lacks): drop it"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the demo inventory disagrees with the collectors' shapes:\n{}\n\n\
         Fix the demo generator (crates/atoll-app/demo/generator) and regenerate, \
         or explain a moto limitation in this test's lists.",
        problems.join("\n")
    );
}
