//! Korean particles after names the course does not know in advance.
//!
//! A Korean particle depends on whether the word before it ends in a consonant
//! (batchim): `web-key를` but `admin을`. Messages are written with both forms,
//! `{name}을(를)` or `{name}(이)라는`, and [`choose_particles`] picks one by reading the word the
//! way a Korean speaker would: Hangul by its last syllable, digits by their
//! Korean names (`1` 일, `2` 이), English words and acronyms by their sound.
//! When it cannot tell, the double form stays, which is still correct Korean.

/// The double forms and their (after a consonant, after a vowel) choices.
const DOUBLE_FORMS: &[(&str, &str, &str)] = &[
    ("을(를)", "을", "를"),
    ("이(가)", "이", "가"),
    ("은(는)", "은", "는"),
    ("와(과)", "과", "와"),
    ("(으)로", "으로", "로"),
    ("(이)라", "이라", "라"),
    ("(이)에요", "이에요", "예요"),
];

/// How a word ends, as far as particles care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ending {
    /// A vowel: `를`, `가`, `는`, `와`, `로`, `라는`.
    Vowel,
    /// The consonant ㄹ: `을`, `이`, `은`, `과`, `이라는`, but `로`.
    Rieul,
    /// Any other consonant: `을`, `이`, `은`, `과`, `으로`, `이라는`.
    Consonant,
}

/// Replaces each double-form particle in `text` with the form that fits the
/// word before it.
pub fn choose_particles(text: &str) -> String {
    if !DOUBLE_FORMS.iter().any(|(form, _, _)| text.contains(form)) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'scan: while !rest.is_empty() {
        for (form, after_consonant, after_vowel) in DOUBLE_FORMS {
            if let Some(tail) = rest.strip_prefix(form) {
                match ending_of(&out) {
                    Some(Ending::Vowel) => out.push_str(after_vowel),
                    Some(Ending::Rieul) if *form == "(으)로" => out.push_str(after_vowel),
                    Some(_) => out.push_str(after_consonant),
                    None => out.push_str(form),
                }
                rest = tail;
                continue 'scan;
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

/// How the word at the end of `before` is pronounced at its end. A closing
/// bracket is skipped with its contents (`web-sg(sg-1)이` reads `web-sg`).
fn ending_of(before: &str) -> Option<Ending> {
    let mut chars: Vec<char> = before.chars().collect();
    while let Some(&last) = chars.last() {
        match last {
            ')' => {
                let mut depth = 0usize;
                while let Some(c) = chars.pop() {
                    match c {
                        ')' => depth += 1,
                        '(' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                if depth != 0 {
                    return None;
                }
                while chars.last().is_some_and(|c| c.is_whitespace()) {
                    chars.pop();
                }
            }
            '`' | '"' | '\'' => {
                chars.pop();
            }
            _ => break,
        }
    }
    let last = *chars.last()?;
    if let Some(ending) = hangul_ending(last) {
        return Some(ending);
    }
    if let Some(digit) = last.to_digit(10) {
        return Some(match digit {
            1 | 7 | 8 => Ending::Rieul,
            0 | 3 | 6 => Ending::Consonant,
            _ => Ending::Vowel,
        });
    }
    if !last.is_ascii_alphabetic() {
        return None;
    }
    let word: String = chars
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    Some(latin_ending(&word))
}

/// The ending of a Hangul syllable, if `c` is one.
fn hangul_ending(c: char) -> Option<Ending> {
    let code = u32::from(c);
    if !(0xAC00..=0xD7A3).contains(&code) {
        return None;
    }
    Some(match (code - 0xAC00) % 28 {
        0 => Ending::Vowel,
        8 => Ending::Rieul,
        _ => Ending::Consonant,
    })
}

/// How an English word or acronym ends when read in Korean.
fn latin_ending(word: &str) -> Ending {
    let is_acronym = word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase());
    let lower = word.to_ascii_lowercase();
    let Some(last) = lower.chars().last() else {
        return Ending::Vowel;
    };
    if is_acronym || word.len() == 1 {
        // Letter names: 엘, 엠, 엔, 알 end in consonants; the others do not.
        return match last {
            'l' | 'r' => Ending::Rieul,
            'm' | 'n' => Ending::Consonant,
            _ => Ending::Vowel,
        };
    }
    if lower.ends_with("ng") {
        return Ending::Consonant;
    }
    match last {
        'l' => Ending::Rieul,
        'm' | 'n' | 'b' | 'k' | 'p' | 't' | 'c' => Ending::Consonant,
        _ => Ending::Vowel,
    }
}

#[cfg(test)]
mod tests {
    use super::choose_particles as fix;

    #[test]
    fn hangul_words() {
        assert_eq!(fix("서울을(를) 써요"), "서울을 써요");
        assert_eq!(fix("도쿄을(를) 써요"), "도쿄를 써요");
        assert_eq!(fix("서울(으)로 가요"), "서울로 가요");
        assert_eq!(fix("부산(으)로 가요"), "부산으로 가요");
        assert_eq!(fix("나무이(가) 있어요"), "나무가 있어요");
    }

    #[test]
    fn a_command_in_backticks_is_read_by_its_last_word() {
        assert_eq!(
            fix("`aws configure set region ap-northeast-2 --profile shop-kr`(으)로 만들어요"),
            "`aws configure set region ap-northeast-2 --profile shop-kr`로 만들어요"
        );
        assert_eq!(fix("`--profile web`(으)로"), "`--profile web`으로");
    }

    #[test]
    fn names_ids_and_regions() {
        assert_eq!(
            fix("키 페어 web-key이(가) 있어요."),
            "키 페어 web-key가 있어요."
        );
        assert_eq!(fix("admin은(는) 그룹에 있어요"), "admin은 그룹에 있어요");
        assert_eq!(fix("dev(으)로 로그인해요"), "dev로 로그인해요");
        assert_eq!(fix("i-0abc123을(를) 중지했어요"), "i-0abc123을 중지했어요");
        assert_eq!(fix("i-0abc122을(를) 중지했어요"), "i-0abc122를 중지했어요");
        assert_eq!(fix("TCP 22을(를) 허용해요"), "TCP 22를 허용해요");
        assert_eq!(fix("TCP 80을(를) 허용해요"), "TCP 80을 허용해요");
        assert_eq!(
            fix("ap-northeast-2 (Asia Pacific (Seoul))은(는) 리전이에요"),
            "ap-northeast-2 (Asia Pacific (Seoul))는 리전이에요"
        );
        assert_eq!(
            fix("web-sg(sg-0123)이(가) 허용해요"),
            "web-sg(sg-0123)가 허용해요"
        );
        assert_eq!(fix("IAM을(를) 써요"), "IAM을 써요");
        assert_eq!(fix("EC2을(를) 써요"), "EC2를 써요");
        assert_eq!(fix("Amazon Braket을(를) 써요"), "Amazon Braket을 써요");
        assert_eq!(
            fix("me@example.com(으)로 보내요"),
            "me@example.com으로 보내요"
        );
        assert_eq!(fix("eu-north-1(으)로 보내요"), "eu-north-1로 보내요");
    }

    #[test]
    fn the_copula_ira_follows_the_name() {
        assert_eq!(fix("web-key(이)라는 키 페어"), "web-key라는 키 페어");
        assert_eq!(fix("admin(이)라는 IAM 사용자"), "admin이라는 IAM 사용자");
        assert_eq!(fix("web-sg(이)라는 보안 그룹"), "web-sg라는 보안 그룹");
        assert_eq!(fix("dev(이)라는 사용자"), "dev라는 사용자");
        assert_eq!(fix("admins(이)라는 그룹"), "admins라는 그룹");
        assert_eq!(fix("developers(이)라는 그룹"), "developers라는 그룹");
        assert_eq!(fix("budget-1(이)라고 불러요"), "budget-1이라고 불러요");
        assert_eq!(fix("서울(이)라는 리전"), "서울이라는 리전");
        assert_eq!(fix("도쿄(이)라는 리전"), "도쿄라는 리전");
        assert_eq!(fix("%(이)라는 값"), "%(이)라는 값");
    }

    #[test]
    fn the_copula_ieyo_follows_the_number() {
        assert_eq!(
            fix("모드는 400(-r--------)(이)에요."),
            "모드는 400(-r--------)이에요."
        );
        assert_eq!(
            fix("모드는 644(-rw-r--r--)(이)에요."),
            "모드는 644(-rw-r--r--)예요."
        );
        assert_eq!(fix("별칭은 cloudlab(이)에요."), "별칭은 cloudlab이에요.");
    }

    #[test]
    fn unknown_endings_keep_both_forms() {
        assert_eq!(fix("%을(를) 넘으면"), "%을(를) 넘으면");
        assert_eq!(fix("을(를) 처음에"), "을(를) 처음에");
        assert_eq!(fix("(열린 괄호)) 이(가)"), "(열린 괄호)) 이(가)");
        assert_eq!(fix("no particles here"), "no particles here");
    }
}
