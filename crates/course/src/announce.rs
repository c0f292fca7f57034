//! What a screen reader hears when checkpoints change: one sentence per checkpoint that
//! passed, stopped passing, or now fails for another reason.

use crate::session::CheckpointStatus;
use crate::text::Text;

/// The announcement for the change from `before` to `after` (the same step's
/// checkpoints), or `None` when nothing a learner would notice changed.
pub fn checkpoint_changes(before: &[CheckpointStatus], after: &[CheckpointStatus]) -> Option<Text> {
    let mut en = Vec::new();
    let mut ko = Vec::new();
    for now in after {
        let then = before.iter().find(|status| status.id == now.id);
        let changed = match then {
            None => true,
            Some(then) => {
                then.outcome.passed != now.outcome.passed
                    || (!now.outcome.passed && then.outcome.detail != now.outcome.detail)
            }
        };
        if !changed {
            continue;
        }
        let label_en = spoken(&now.label.en);
        let label_ko = spoken(&now.label.ko);
        if now.outcome.passed {
            en.push(format!("Checkpoint passed: {label_en}."));
            ko.push(format!("체크포인트 통과: {label_ko}."));
        } else {
            en.push(format!(
                "Checkpoint not passing: {label_en}. {}",
                spoken(&now.outcome.detail.en)
            ));
            ko.push(format!(
                "체크포인트 미통과: {label_ko}. {}",
                spoken(&now.outcome.detail.ko)
            ));
        }
    }
    (!en.is_empty()).then(|| Text {
        en: en.join(" "),
        ko: ko.join(" "),
    })
}

/// Markdown-lite marks removed, for speech.
fn spoken(text: &str) -> String {
    text.replace("**", "").replace('`', "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::CheckOutcome;

    fn status(id: &str, passed: bool, detail: &str) -> CheckpointStatus {
        CheckpointStatus {
            id: id.into(),
            label: Text {
                en: format!("Run `{id}`"),
                ko: format!("`{id}` 실행"),
            },
            outcome: CheckOutcome {
                passed,
                detail: Text {
                    en: detail.into(),
                    ko: format!("{detail} (ko)"),
                },
            },
            reached: passed,
        }
    }

    #[test]
    fn only_changes_are_announced() {
        let before = [status("a", false, "not yet"), status("b", false, "no key")];
        assert_eq!(checkpoint_changes(&before, &before), None);

        let after = [status("a", true, "done"), status("b", false, "no key")];
        let text = checkpoint_changes(&before, &after).unwrap();
        assert_eq!(text.en, "Checkpoint passed: Run a.");
        assert_eq!(text.ko, "체크포인트 통과: a 실행.");

        let worse = [
            status("a", false, "the group allows **everyone**"),
            status("b", false, "no key"),
        ];
        let text = checkpoint_changes(&after, &worse).unwrap();
        assert_eq!(
            text.en,
            "Checkpoint not passing: Run a. the group allows everyone"
        );

        let other_reason = [
            status("a", false, "not yet"),
            status("b", false, "wrong mode"),
        ];
        let text = checkpoint_changes(&before, &other_reason).unwrap();
        assert!(
            text.en
                .starts_with("Checkpoint not passing: Run b. wrong mode")
        );
    }
}
