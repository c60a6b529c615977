//! The Well-Architected Framework reference: pillars, questions and best
//! practices with the WA Tool's ids. Loaded from `rules/framework/`.

use serde::{Deserialize, Serialize};

use crate::model::{Pillar, Risk};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Framework {
    pub source: String,
    pub pillars: Vec<PillarInfo>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PillarInfo {
    pub id: Pillar,
    pub name: String,
    pub prefix: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Question {
    /// Short id, e.g. `REL02`.
    pub id: String,
    pub pillar: Pillar,
    pub title: String,
    pub wa_tool_question_id: String,
    pub best_practices: Vec<BestPractice>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BestPractice {
    /// e.g. `REL02-BP01`.
    pub id: String,
    pub title: String,
    /// AWS's documented risk when the practice is not established.
    pub risk: Risk,
    pub wa_tool_choice_id: String,
    pub url: String,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid Well-Architected reference {path}: {message}")]
pub struct FrameworkError {
    pub path: String,
    pub message: String,
}

impl Framework {
    /// Parses the reference document (`well-architected.json`); `path` only
    /// names it in errors.
    pub fn from_json(path: &str, text: &str) -> Result<Self, FrameworkError> {
        let framework: Framework = serde_json::from_str(text).map_err(|e| FrameworkError {
            path: path.to_string(),
            message: e.to_string(),
        })?;
        framework.check().map_err(|message| FrameworkError {
            path: path.to_string(),
            message,
        })?;
        Ok(framework)
    }

    fn check(&self) -> Result<(), String> {
        for pillar in Pillar::ALL {
            if !self.pillars.iter().any(|p| p.id == *pillar) {
                return Err(format!("pillar {pillar} is missing"));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for question in &self.questions {
            let prefix = &self.pillar(question.pillar).prefix;
            if !question.id.starts_with(prefix.as_str()) {
                return Err(format!(
                    "question {} is not in pillar {}",
                    question.id, prefix
                ));
            }
            for bp in &question.best_practices {
                if !bp.id.starts_with(&format!("{}-BP", question.id)) {
                    return Err(format!(
                        "best practice {} is not under {}",
                        bp.id, question.id
                    ));
                }
                if !seen.insert(bp.id.clone()) {
                    return Err(format!("best practice {} appears twice", bp.id));
                }
            }
        }
        Ok(())
    }

    /// A `Framework` only exists once `check` has seen all six pillars.
    #[allow(
        clippy::expect_used,
        reason = "check() refuses a reference without every pillar"
    )]
    pub fn pillar(&self, pillar: Pillar) -> &PillarInfo {
        self.pillars
            .iter()
            .find(|p| p.id == pillar)
            .expect("the reference lists all six pillars")
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn best_practice(&self, id: &str) -> Option<(&Question, &BestPractice)> {
        self.questions
            .iter()
            .flat_map(|q| q.best_practices.iter().map(move |bp| (q, bp)))
            .find(|(_, bp)| bp.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_without_a_pillar_is_an_error_naming_it() {
        let text = r#"{"source": "test", "questions": [], "pillars": [
            {"id": "security", "name": "Security", "prefix": "SEC"}]}"#;
        let error = Framework::from_json("wa.json", text).expect_err("five pillars are missing");
        assert_eq!(error.path, "wa.json");
        assert!(
            error.message.contains("missing"),
            "names the problem: {}",
            error.message
        );
    }
}
