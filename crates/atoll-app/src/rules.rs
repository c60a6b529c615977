//! The rule catalogue: built into the binary from `rules/`, or loaded from a
//! directory a partner maintains.

use std::path::{Path, PathBuf};

use atoll_core::RuleSet;
use atoll_core::rule::{FRAMEWORK_FILE, RuleError, RuleSource};
use include_dir::{Dir, include_dir};

static RULES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../rules");

/// The catalogue shipped with this build.
pub async fn builtin_rules() -> Result<RuleSet, RuleError> {
    let framework = RULES
        .get_file(FRAMEWORK_FILE)
        .and_then(|f| f.contents_utf8())
        .expect("rules/framework/well-architected.json is built in");
    let mut sources = Vec::new();
    collect(&RULES, &mut sources);
    RuleSet::from_sources(&format!("rules/{FRAMEWORK_FILE}"), framework, sources).await
}

fn collect(dir: &Dir<'static>, out: &mut Vec<RuleSource>) {
    for file in dir.files() {
        if file.path().extension().is_some_and(|e| e == "toml") {
            out.push(RuleSource {
                path: PathBuf::from("rules").join(file.path()),
                text: file.contents_utf8().unwrap_or_default().to_string(),
            });
        }
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

/// The catalogue in `dir`, or the built-in one.
pub async fn load_rules(dir: Option<&Path>) -> Result<RuleSet, RuleError> {
    match dir {
        Some(dir) => RuleSet::load_dir(dir).await,
        None => builtin_rules().await,
    }
}
