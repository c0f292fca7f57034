//! `mail`: the lab's mailbox, where every mail SNS sends arrives (whatever the
//! address: the lab catches them all). `mail` lists them, newest last, and
//! `mail N` prints one; nothing is marked read or deleted.

use cloudlab_model::Cloud;
use cloudlab_model::sns::Mail;

use crate::shell::CmdResult;

/// `Mon Dec  7 05:20`, as mailx lists a date.
fn list_date(mail: &Mail) -> String {
    let t = mail.at.to_utc();
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let day = DAYS[(mail.at.unix_millis() / 86_400_000 % 7) as usize];
    let month = MONTHS[(t.month.clamp(1, 12) - 1) as usize];
    format!("{day} {month} {:>2} {:02}:{:02}", t.day, t.hour, t.minute)
}

/// The sender's name, without the address.
fn sender_name(from: &str) -> &str {
    from.split(" <").next().unwrap_or(from)
}

/// Runs `mail` or `mail N`.
pub fn run(cloud: &mut Cloud, args: &[String]) -> CmdResult {
    let mailbox = cloud.mailbox();
    match args {
        [] => {
            if mailbox.is_empty() {
                return CmdResult::fail("No mail for you\n", 1);
            }
            let mut out = format!(
                "\"/var/mail/you\": {} message{}\n",
                mailbox.len(),
                if mailbox.len() == 1 { "" } else { "s" }
            );
            for (i, m) in mailbox.iter().enumerate() {
                let from: String = sender_name(&m.from).chars().take(18).collect();
                out.push_str(&format!(
                    "{:>3} {from:<18}  {}  {}\n",
                    i + 1,
                    list_date(m),
                    m.subject
                ));
            }
            out.push_str("Read one with: mail N\n");
            CmdResult::ok(out)
        }
        [n] => {
            let Some(m) = n
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| mailbox.get(i))
            else {
                return CmdResult::fail(
                    format!(
                        "mail: {n}: no such message ({} in the mailbox)\n",
                        mailbox.len()
                    ),
                    1,
                );
            };
            CmdResult::ok(format!(
                "From: {}\nTo: {}\nSubject: {}\nDate: {}\n\n{}",
                m.from,
                m.to,
                m.subject,
                m.at.to_http_date().replace("GMT", "+0000"),
                m.body
            ))
        }
        _ => CmdResult::fail("usage: mail [N]\n", 2),
    }
}
