//! The rule catalogue: the Well-Architected reference plus every rule file
//! of a directory (or embedded sources), parsed, checked by the engine, and
//! fingerprinted. It depends on both `rule` (parsing) and `engine` (query
//! validation), so neither of those depends on the other.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::engine::validate_queries;
use crate::framework::Framework;
use crate::rule::{Rule, RuleError, RuleProblem, parse_rule};

/// The validated rule catalogue.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub framework: Framework,
    pub rules: Vec<Rule>,
    /// Identifies the catalogue's exact content; stored with every scan.
    pub version: String,
}

/// A source file of the catalogue: its path (for errors) and its text.
pub struct RuleSource {
    pub path: PathBuf,
    pub text: String,
}

pub const FRAMEWORK_FILE: &str = "framework/well-architected.json";

impl RuleSet {
    /// Loads a catalogue directory: `framework/well-architected.json` plus
    /// every other `*.toml` file below it.
    pub async fn load_dir(dir: &Path) -> Result<RuleSet, RuleError> {
        let framework_path = dir.join(FRAMEWORK_FILE);
        let framework_text = read(&framework_path)?;
        let mut sources = Vec::new();
        collect_toml(dir, &mut sources)?;
        RuleSet::from_sources(
            &framework_path.display().to_string(),
            &framework_text,
            sources,
        )
        .await
    }

    /// Builds the catalogue from already-read sources (e.g. embedded files).
    pub async fn from_sources(
        framework_path: &str,
        framework_text: &str,
        mut sources: Vec<RuleSource>,
    ) -> Result<RuleSet, RuleError> {
        let framework = Framework::from_json(framework_path, framework_text)?;
        sources.sort_by(|a, b| a.path.cmp(&b.path));
        let mut problems = Vec::new();
        let mut rules: Vec<Rule> = Vec::new();
        let mut ids = HashSet::new();
        for source in &sources {
            let file = source.path.display().to_string();
            match parse_rule(&file, &source.text, &framework) {
                Ok(rule) => {
                    if !ids.insert(rule.info.id.clone()) {
                        problems.push(RuleProblem {
                            file,
                            field: "id".into(),
                            message: format!("duplicate rule id `{}`", rule.info.id),
                        });
                    } else {
                        rules.push(rule);
                    }
                }
                Err(mut found) => problems.append(&mut found),
            }
        }
        problems.extend(validate_queries(&rules).await?);
        if !problems.is_empty() {
            return Err(RuleError::Invalid(problems));
        }
        rules.sort_by(|a, b| a.info.id.cmp(&b.info.id));
        let version = catalogue_version(framework_text, &sources);
        Ok(RuleSet {
            framework,
            rules,
            version,
        })
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.info.id == id)
    }
}

fn read(path: &Path) -> Result<String, RuleError> {
    std::fs::read_to_string(path).map_err(|source| RuleError::Io {
        path: path.display().to_string(),
        source,
    })
}

fn collect_toml(dir: &Path, out: &mut Vec<RuleSource>) -> Result<(), RuleError> {
    let entries = std::fs::read_dir(dir).map_err(|source| RuleError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    for entry in entries {
        let path = entry
            .map_err(|source| RuleError::Io {
                path: dir.display().to_string(),
                source,
            })?
            .path();
        if path.is_dir() {
            collect_toml(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(RuleSource {
                text: read(&path)?,
                path,
            });
        }
    }
    Ok(())
}

/// A short, stable fingerprint of the catalogue's content (FNV-1a, 64 bits),
/// prefixed with the number of rules, e.g. `62-1f3a9c0d2b4e5f60`.
fn catalogue_version(framework_text: &str, sources: &[RuleSource]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(framework_text.as_bytes());
    for source in sources {
        feed(
            source
                .path
                .file_name()
                .map(|n| n.as_encoded_bytes())
                .unwrap_or_default(),
        );
        feed(source.text.as_bytes());
    }
    format!("{}-{hash:016x}", sources.len())
}
