//! Properties and API-level tests of `Terminal`: no input panics, the state
//! round-trips through serde, completion, the prompt, and sessions that drop.

use cloudlab_model::ec2::instances::InstanceIdsInput;
use cloudlab_model::{Cloud, CloudConfig};
use cloudlab_terminal::Terminal;
use proptest::prelude::*;

fn lab() -> (Cloud, Terminal) {
    (Cloud::new(CloudConfig::default()).unwrap(), Terminal::new())
}

/// Launches an Ubuntu instance the learner can ssh into; returns (id, ip).
fn running_ubuntu(cloud: &mut Cloud, term: &mut Terminal) -> (String, String) {
    for line in [
        "aws ec2 create-key-pair --key-name k --query KeyMaterial --output text > k.pem",
        "chmod 400 k.pem",
        "SG=$(aws ec2 create-security-group --group-name s --description s --query GroupId --output text)",
        "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 22 --cidr 0.0.0.0/0",
        "AMI=$(aws ec2 describe-images --owners 099720109477 --filters 'Name=name,Values=*noble-24.04-amd64*' --query 'Images[0].ImageId' --output text)",
        "ID=$(aws ec2 run-instances --image-id $AMI --instance-type t3.micro --key-name k --security-group-ids $SG --query 'Instances[0].InstanceId' --output text)",
        "aws ec2 wait instance-running --instance-ids $ID",
        "IP=$(aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)",
    ] {
        let out = term.run(cloud, line);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
    }
    let id = term.run(cloud, "echo $ID").stdout.trim().to_string();
    let ip = term.run(cloud, "echo $IP").stdout.trim().to_string();
    (id, ip)
}

/// `ssh -i k.pem ubuntu@IP`, trusting the host key when asked.
fn ssh_in(cloud: &mut Cloud, term: &mut Terminal, ip: &str) -> cloudlab_terminal::CommandOutput {
    let out = term.run(cloud, &format!("ssh -i k.pem ubuntu@{ip}"));
    if term.pending.is_none() {
        return out;
    }
    assert_eq!(
        term.prompt(),
        "Are you sure you want to continue connecting (yes/no/[fingerprint])? "
    );
    term.run(cloud, "yes")
}

#[test]
fn prompt_follows_the_session() {
    let (mut cloud, mut term) = lab();
    assert_eq!(term.prompt(), "learner@laptop:~$ ");
    term.run(&mut cloud, "mkdir web && cd web");
    assert_eq!(term.prompt(), "learner@laptop:~/web$ ");
    term.run(&mut cloud, "cd /tmp");
    assert_eq!(term.prompt(), "learner@laptop:/tmp$ ");
    term.run(&mut cloud, "cd");
    let (id, ip) = running_ubuntu(&mut cloud, &mut term);
    let out = ssh_in(&mut cloud, &mut term, &ip);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert_eq!(term.remote_instance(), Some(id.as_str()));
    let hostname = cloud.guest(&id).unwrap().hostname.clone();
    assert!(hostname.starts_with("ip-172-31-"));
    assert_eq!(term.prompt(), format!("ubuntu@{hostname}:~$ "));
    term.run(&mut cloud, "sudo -i");
    assert_eq!(term.prompt(), format!("root@{hostname}:~# "));
}

#[test]
fn questions_wait_for_the_next_line_and_ctrl_c_abandons_them() {
    let (mut cloud, mut term) = lab();
    let (id, ip) = running_ubuntu(&mut cloud, &mut term);
    // ssh's host key question: Ctrl-C leaves known_hosts alone.
    let out = term.run(&mut cloud, &format!("ssh -i k.pem ubuntu@{ip}"));
    assert_eq!(out.exit_code, 0);
    assert!(
        out.stderr.contains("can't be established."),
        "{}",
        out.stderr
    );
    assert!(term.pending.is_some());
    assert_eq!(term.interrupt().exit_code, 130);
    assert!(term.pending.is_none());
    assert_eq!(term.prompt(), "learner@laptop:~$ ");
    assert_eq!(term.read_file(".ssh/known_hosts"), None);
    // Answers are not history.
    let before = term.history().len();
    let out = ssh_in(&mut cloud, &mut term, &ip);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert_eq!(term.history().len(), before + 1);
    let known = term
        .read_file(".ssh/known_hosts")
        .unwrap_or_default()
        .to_string();
    let key = cloud.host_key(&id).unwrap();
    assert_eq!(known, format!("{ip} {}\n", key.public_key_line("")));
    assert!(
        out.stderr
            .starts_with(&format!("Warning: Permanently added '{ip}' (ED25519)"))
    );
    // apt's question, after the lists are there.
    assert_eq!(
        term.run(&mut cloud, "sudo apt-get install git").exit_code,
        100
    );
    assert_eq!(term.run(&mut cloud, "sudo apt-get update").exit_code, 0);
    let out = term.run(&mut cloud, "sudo apt-get install git");
    assert_eq!(out.exit_code, 0);
    assert_eq!(term.prompt(), "Do you want to continue? [Y/n] ");
    term.interrupt();
    assert!(!cloud.guest(&id).unwrap().packages.contains("git"));
    term.run(&mut cloud, "sudo apt-get install git");
    let out = term.run(&mut cloud, "Y");
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert!(cloud.guest(&id).unwrap().packages.contains("git"));
    assert!(term.prompt().starts_with("ubuntu@ip-"));
    // A saved terminal keeps a waiting question.
    term.run(&mut cloud, "sudo apt-get install tree");
    let back: Terminal = serde_json::from_str(&serde_json::to_string(&term).unwrap()).unwrap();
    assert_eq!(back.prompt(), "Do you want to continue? [Y/n] ");
}

#[test]
fn a_stopped_instance_drops_the_session() {
    let (mut cloud, mut term) = lab();
    let (id, ip) = running_ubuntu(&mut cloud, &mut term);
    assert_eq!(ssh_in(&mut cloud, &mut term, &ip).exit_code, 0);
    cloud
        .stop_instances(InstanceIdsInput {
            instance_ids: vec![id],
            ..InstanceIdsInput::default()
        })
        .unwrap();
    let out = term.run(&mut cloud, "whoami");
    assert_eq!(
        out.stderr,
        format!("Connection to {ip} closed by remote host.\nConnection to {ip} closed.\n")
    );
    assert_eq!(out.exit_code, 255);
    assert_eq!(term.remote_instance(), None);
    assert_eq!(term.run(&mut cloud, "whoami").stdout, "learner\n");
}

#[test]
fn history_records_every_non_empty_line() {
    let (mut cloud, mut term) = lab();
    term.run(&mut cloud, "echo one");
    term.run(&mut cloud, "   ");
    term.run(&mut cloud, "nope");
    assert_eq!(term.history(), ["echo one", "nope"]);
    assert_eq!(term.history_entry(1), Some("nope"));
    assert_eq!(term.history_entry(2), None);
}

#[test]
fn history_keeps_the_last_thousand_lines_and_skips_pasted_files() {
    let (mut cloud, mut term) = lab();
    let pasted = format!("echo {}", "x".repeat(100_000));
    let out = term.run(&mut cloud, &pasted);
    assert_eq!(out.exit_code, 0);
    assert!(term.history().is_empty(), "a 100 KB line is not remembered");
    for i in 0..1_005 {
        term.run(&mut cloud, &format!("echo {i}"));
    }
    assert_eq!(term.history().len(), cloudlab_terminal::HISTORY_SIZE);
    assert_eq!(term.history().first().map(String::as_str), Some("echo 5"));
    assert_eq!(term.history().last().map(String::as_str), Some("echo 1004"));
}

#[test]
fn clear_asks_the_ui_to_clear() {
    let (mut cloud, mut term) = lab();
    let out = term.run(&mut cloud, "echo before; clear; echo after");
    assert!(out.clear_screen);
    assert_eq!(out.stdout, "after\n");
}

#[test]
fn a_download_is_saved_under_a_browser_safe_name() {
    let (_cloud, mut term) = lab();
    let name = term
        .save_download("team/web-key.pem", "KEY\n", 0o644)
        .unwrap();
    assert_eq!(name, "team_web-key.pem");
    assert_eq!(term.read_file("team_web-key.pem"), Some("KEY\n"));
    assert_eq!(term.file_mode("team_web-key.pem"), Some(0o644));
    for (suggested, saved) in [
        ("web-key.pem", "web-key.pem"),
        ("../../etc/passwd.pem", "_.._etc_passwd.pem"),
        ("...", "download"),
        (".hidden.pem", "hidden.pem"),
        ("a:b*c?.pem", "a_b_c_.pem"),
        ("키.pem", "키.pem"),
    ] {
        assert_eq!(
            cloudlab_terminal::download_file_name(suggested),
            saved,
            "{suggested}"
        );
    }
}

#[test]
fn downloads_land_in_the_vfs() {
    let (mut cloud, mut term) = lab();
    term.write_file("web-key.pem", "-----BEGIN RSA PRIVATE KEY-----\n", 0o644)
        .unwrap();
    assert_eq!(term.file_mode("web-key.pem"), Some(0o644));
    assert_eq!(
        term.read_file("/home/learner/web-key.pem"),
        Some("-----BEGIN RSA PRIVATE KEY-----\n")
    );
    term.run(&mut cloud, "chmod 400 web-key.pem");
    assert_eq!(term.file_mode("web-key.pem"), Some(0o400));
    // A second download replaces the file and its mode, as a browser does.
    term.write_file("web-key.pem", "x", 0o644).unwrap();
    assert_eq!(term.file_mode("web-key.pem"), Some(0o644));
    assert_eq!(term.file_mode("missing"), None);
}

#[test]
fn iam_and_budgets_completion() {
    let (mut cloud, mut term) = lab();
    assert_eq!(
        term.run(&mut cloud, "aws iam create-user --user-name alice")
            .exit_code,
        0
    );
    assert_eq!(
        term.run(&mut cloud, "aws iam create-group --group-name devs")
            .exit_code,
        0
    );
    let c = term.complete(&cloud, "aws iam create-acc");
    assert_eq!(c.candidates, ["create-access-key", "create-account-alias"]);
    let c = term.complete(&cloud, "aws iam add-user-to-group --user-name a");
    assert_eq!(
        c.replacement_line,
        "aws iam add-user-to-group --user-name alice "
    );
    let c = term.complete(&cloud, "aws iam add-user-to-group --group-name ");
    assert_eq!(c.candidates, ["devs"]);
    let c = term.complete(
        &cloud,
        "aws iam attach-user-policy --policy-arn arn:aws:iam::aws:policy/Administrator",
    );
    assert!(
        c.candidates
            .contains(&"arn:aws:iam::aws:policy/AdministratorAccess".to_string())
    );
    let c = term.complete(
        &cloud,
        "aws iam create-virtual-mfa-device --bootstrap-method B",
    );
    assert_eq!(c.candidates, ["Base32StringSeed"]);
    let c = term.complete(&cloud, "aws bud");
    assert_eq!(c.replacement_line, "aws budgets ");
    let c = term.complete(&cloud, "aws budgets describe-budgets --account-id ");
    assert_eq!(c.candidates, ["123456789012"]);
    let c = term.complete(&cloud, "aws configure list-p");
    assert_eq!(c.replacement_line, "aws configure list-profiles ");
}

#[test]
fn configure_prompt_and_interrupt() {
    let (mut cloud, mut term) = lab();
    assert_eq!(
        term.run(&mut cloud, "aws configure --profile dev").stdout,
        ""
    );
    assert_eq!(term.prompt(), "AWS Access Key ID [None]: ");
    let out = term.interrupt();
    assert_eq!((out.stdout.as_str(), out.exit_code), ("\n", 130));
    assert_eq!(term.prompt(), "learner@laptop:~$ ");
    term.run(&mut cloud, "aws configure --profile dev");
    for answer in ["AKIADEV", "secret", "eu-west-1", "text"] {
        assert!(term.prompt().ends_with("]: "));
        term.run(&mut cloud, answer);
    }
    assert_eq!(term.prompt(), "learner@laptop:~$ ");
    assert_eq!(
        term.aws_profile_setting("dev", "region").as_deref(),
        Some("eu-west-1")
    );
    assert_eq!(
        term.aws_profile_setting("dev", "aws_access_key_id")
            .as_deref(),
        Some("AKIADEV")
    );
    assert!(!term.history().iter().any(|l| l == "secret"));
}

#[test]
fn completion() {
    let (mut cloud, mut term) = lab();
    let c = term.complete(&cloud, "aws ec2 describe-inst");
    assert_eq!(c.replacement_line, "aws ec2 describe-instance");
    assert!(c.candidates.contains(&"describe-instances".to_string()));
    assert!(
        c.candidates
            .contains(&"describe-instance-types".to_string())
    );
    let c = term.complete(&cloud, "aws ec2 run-inst");
    assert_eq!(c.replacement_line, "aws ec2 run-instances ");
    let c = term.complete(&cloud, "aws s");
    assert_eq!(c.candidates, ["s3", "s3api", "sns", "ssm", "sts"]);
    let c = term.complete(&cloud, "aws st");
    assert_eq!(c.replacement_line, "aws sts ");
    let c = term.complete(
        &cloud,
        "aws ssm get-parameters-by-path --path /aws/service/global-infrastructure/services/bra",
    );
    assert_eq!(
        c.replacement_line,
        "aws ssm get-parameters-by-path --path /aws/service/global-infrastructure/services/braket/regions "
    );
    let c = term.complete(&cloud, "aws ec2 create-key-pair --key-n");
    assert_eq!(c.replacement_line, "aws ec2 create-key-pair --key-name ");
    let c = term.complete(&cloud, "aws ec2 describe-instances --out");
    assert_eq!(c.replacement_line, "aws ec2 describe-instances --output ");
    let c = term.complete(&cloud, "aws ec2 describe-instances --output t");
    assert_eq!(c.candidates, ["table", "text"]);
    let c = term.complete(&cloud, "chm");
    assert_eq!(c.replacement_line, "chmod ");
    let (id, _) = running_ubuntu(&mut cloud, &mut term);
    let c = term.complete(&cloud, "chmod 400 k.");
    assert_eq!(c.replacement_line, "chmod 400 k.pem ");
    let c = term.complete(&cloud, "aws ec2 stop-instances --instance-ids i-");
    assert_eq!(c.candidates, std::slice::from_ref(&id));
    assert_eq!(
        c.replacement_line,
        format!("aws ec2 stop-instances --instance-ids {id} ")
    );
    let c = term.complete(&cloud, "aws ec2 run-instances --key-name ");
    assert_eq!(c.candidates, ["k"]);
    let c = term.complete(
        &cloud,
        "aws ec2 import-key-pair --public-key-material fileb://k",
    );
    assert_eq!(c.candidates, ["fileb://k.pem"]);
    let c = term.complete(&cloud, "ssh -i k.pem ubuntu@");
    assert_eq!(c.candidates.len(), 1);
    let c = term.complete(&cloud, "zzz");
    assert!(c.candidates.is_empty());
    assert_eq!(c.replacement_line, "zzz");
}

#[test]
fn the_terminal_round_trips_through_serde() {
    let (mut cloud, mut term) = lab();
    let (_, ip) = running_ubuntu(&mut cloud, &mut term);
    term.run(&mut cloud, "export GREETING=hi");
    term.run(&mut cloud, &format!("ssh -i k.pem ubuntu@{ip}"));
    let json = serde_json::to_string(&term).unwrap();
    let back: Terminal = serde_json::from_str(&json).unwrap();
    assert_eq!(back, term);
}

#[test]
fn jsonl_fields_are_what_the_terminal_showed() {
    let (mut cloud, mut term) = lab();
    let out = term.run(&mut cloud, "echo out; cat missing; echo again");
    assert_eq!(out.stdout, "out\nagain\n");
    assert_eq!(out.stderr, "cat: missing: No such file or directory\n");
    assert_eq!(
        out.shown,
        "out\ncat: missing: No such file or directory\nagain\n"
    );
    assert_eq!(out.exit_code, 0);
}

/// Words that steer random lines into the interesting parts of the terminal.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("aws".to_string()),
        Just("ec2".to_string()),
        Just("sts".to_string()),
        Just("get-caller-identity".to_string()),
        Just("run-instances".to_string()),
        Just("describe-instances".to_string()),
        Just("authorize-security-group-ingress".to_string()),
        Just("create-key-pair".to_string()),
        Just("wait".to_string()),
        Just("instance-running".to_string()),
        Just("--query".to_string()),
        Just("--output".to_string()),
        Just("--filters".to_string()),
        Just("--ip-permissions".to_string()),
        Just("--instance-ids".to_string()),
        Just("--key-name".to_string()),
        Just("--port".to_string()),
        Just("--count".to_string()),
        Just("table".to_string()),
        Just("text".to_string()),
        Just("'Reservations[].Instances[?State.Name==`running`]'".to_string()),
        Just("Name=x,Values=[a,{b=c}]".to_string()),
        Just("'[{\"IpProtocol\": 1}]'".to_string()),
        Just("ssh".to_string()),
        Just("-i".to_string()),
        Just("curl".to_string()),
        Just("sudo".to_string()),
        Just("ls".to_string()),
        Just("-la".to_string()),
        Just("chmod".to_string()),
        Just("u+x".to_string()),
        Just("cat".to_string()),
        Just(">".to_string()),
        Just(">>".to_string()),
        Just("|".to_string()),
        Just("&&".to_string()),
        Just(";".to_string()),
        Just("$(".to_string()),
        Just(")".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("*".to_string()),
        Just("~".to_string()),
        "[a-z./:@=-]{0,12}",
    ]
}

proptest! {
    // PROPTEST_CASES=20000 runs a longer fuzz.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn arbitrary_lines_never_panic(line in any::<String>()) {
        let (mut cloud, mut term) = lab();
        let out = term.run(&mut cloud, &line);
        prop_assert!(out.exit_code >= 0);
        let _ = term.complete(&cloud, &line);
    }

    #[test]
    fn token_soup_never_panics(words in prop::collection::vec(token(), 0..10)) {
        let (mut cloud, mut term) = lab();
        let line = words.join(" ");
        let out = term.run(&mut cloud, &line);
        prop_assert!(out.exit_code >= 0);
        let _ = term.complete(&cloud, &line);
        let _ = term.prompt();
    }
}

#[test]
fn an_older_save_without_newer_fields_still_loads() {
    let (mut cloud, mut term) = lab();
    term.run(&mut cloud, "echo hi > a.txt");
    let mut json: serde_json::Value = serde_json::to_value(&term).unwrap();
    let map = json.as_object_mut().unwrap();
    map.remove("exported");
    map.remove("service_started");
    let back: Terminal = serde_json::from_value(json).unwrap();
    assert_eq!(back.read_file("a.txt"), Some("hi\n"));
}
