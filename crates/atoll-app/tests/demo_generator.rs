//! The bundled demo inventories (`demo/before.json`, `demo/after.json`, which
//! `src/demo.rs` embeds) are exactly what `demo/generate.py` writes: the
//! generator is run into a temporary folder and its output compared byte for
//! byte with the committed files, so an edit to either alone fails here.

use std::path::{Path, PathBuf};
use std::process::Command;

const FILES: [&str; 2] = ["before.json", "after.json"];

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("demo")
}

/// The Python the other tests use (`ATOLL_PYTHON`, set by tests/run-all.sh),
/// else `python3`: the generator needs the standard library only.
fn python() -> String {
    std::env::var("ATOLL_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// The first line where two files differ, for the failure message.
fn first_difference(committed: &str, generated: &str) -> String {
    let (mut a, mut b) = (committed.lines(), generated.lines());
    for number in 1.. {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (None, None) => break,
            (x, y) => {
                let cut = |line: Option<&str>| -> String {
                    line.map_or("<end of file>".into(), |l| l.chars().take(300).collect())
                };
                return format!(
                    "first difference at line {number}:\n  committed: {}\n  generated: {}",
                    cut(x),
                    cut(y)
                );
            }
        }
    }
    "the files differ only in their line endings".into()
}

#[test]
fn the_committed_demo_inventories_are_what_the_generator_writes() {
    let out = tempfile::tempdir().unwrap();
    // -I -S: no site-packages, no PYTHON* variables, no user site, so the
    // generator runs on the standard library alone, as it promises; -B: no
    // __pycache__ left in the source tree.
    let output = Command::new(python())
        .args(["-I", "-S", "-B"])
        .arg(demo_dir().join("generate.py"))
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap_or_else(|e| panic!("run {} (set ATOLL_PYTHON to a Python 3): {e}", python()));
    assert!(
        output.status.success(),
        "demo/generate.py failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    let mut stale = Vec::new();
    for name in FILES {
        let committed = std::fs::read(demo_dir().join(name)).unwrap();
        let generated = std::fs::read(out.path().join(name))
            .unwrap_or_else(|e| panic!("the generator wrote no {name} into --out: {e}"));
        if committed != generated {
            stale.push(format!(
                "{name}: {}",
                first_difference(
                    &String::from_utf8_lossy(&committed),
                    &String::from_utf8_lossy(&generated)
                )
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "crates/atoll-app/demo/*.json is not what the generator writes.\n{}\n\n\
         Run `python3 crates/atoll-app/demo/generate.py` and commit \
         crates/atoll-app/demo/before.json and after.json with the generator \
         change (or revert the hand edit to the JSON).",
        stale.join("\n")
    );
}

#[test]
fn the_generator_writes_only_into_its_out_folder() {
    let out = tempfile::tempdir().unwrap();
    let before: Vec<_> = FILES
        .iter()
        .map(|name| {
            std::fs::metadata(demo_dir().join(name))
                .unwrap()
                .modified()
                .unwrap()
        })
        .collect();
    let status = Command::new(python())
        .args(["-I", "-S", "-B"])
        .arg(demo_dir().join("generate.py"))
        .arg("--out")
        .arg(out.path().join("nested"))
        .status()
        .unwrap();
    assert!(status.success());
    for (name, modified) in FILES.iter().zip(before) {
        assert!(
            out.path().join("nested").join(name).exists(),
            "{name} written into --out"
        );
        assert_eq!(
            std::fs::metadata(demo_dir().join(name))
                .unwrap()
                .modified()
                .unwrap(),
            modified,
            "--out must leave the committed {name} alone"
        );
    }
}
