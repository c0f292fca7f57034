//! Short help pages: `aws help`, `aws ec2 help`, `aws ec2 <command> help`.
//! The real CLI opens a man page; these list what CloudLab's `aws` supports.

use super::Service;
use super::args::{Param, Shape};
use super::operation::Operation;

/// `aws help`.
pub fn top() -> String {
    "AWS()\n\nNAME\n       aws -\n\nDESCRIPTION\n       The  AWS  Command  Line  Interface is a unified tool to manage your AWS\n       services.\n\nSYNOPSIS\n          aws [options] <command> <subcommand> [parameters]\n\n       Use aws command help for information on a specific command.\n\nGLOBAL OPTIONS\n       --output (string)  json | text | table\n       --query (string)   A JMESPath query to use in filtering the response data.\n       --region (string)  The region to use.\n       --profile (string) Use a specific profile from your credential file.\n       --no-cli-pager     Disable the pager for output.\n       --debug            Turn on debug logging.\n\nAVAILABLE SERVICES IN THIS LAB\n       o budgets\n       o configure\n       o ec2\n       o iam\n       o login\n       o logout\n       o sts\n"
        .to_string()
}

/// `aws <service> help`: the service and the subcommands this lab has.
pub fn service(service: &Service) -> String {
    let mut out = format!(
        "{}()\n\nNAME\n       {} -\n\nDESCRIPTION\n       {}\n\nAVAILABLE COMMANDS IN THIS LAB\n",
        service.title, service.name, service.description
    );
    for op in service.operations {
        out.push_str(&format!("       o {:<34} {}\n", op.name, op.summary));
    }
    for extra in service.extra {
        let summary = match *extra {
            "wait" => "Waits for instances to reach a state.",
            _ => "",
        };
        out.push_str(&format!("       o {extra:<34} {summary}\n"));
    }
    out
}

fn type_name(shape: &Shape) -> &'static str {
    match shape {
        Shape::Str => "string",
        Shape::Int => "integer",
        Shape::Float => "double",
        Shape::Bool => "boolean",
        Shape::Blob => "blob",
        Shape::Timestamp => "timestamp",
        Shape::Map(_) => "map",
        Shape::List(_) => "list",
        Shape::Struct(_) => "structure",
    }
}

fn synopsis_entry(p: &Param) -> String {
    let negative = match p.name {
        "disable-api-termination" => Some("enable-api-termination".to_string()),
        _ => None,
    };
    match p.shape {
        Shape::Bool => format!(
            "[--{} | --{}]",
            p.name,
            negative.unwrap_or_else(|| format!("no-{}", p.name))
        ),
        Shape::Struct([("Value", Shape::Bool)]) => format!(
            "[--{} | --{}]",
            p.name,
            negative.unwrap_or_else(|| format!("no-{}", p.name))
        ),
        _ if p.required => format!("--{} <value>", p.name),
        _ => format!("[--{} <value>]", p.name),
    }
}

/// `aws ec2 <command> help`.
pub fn operation(op: &Operation) -> String {
    let mut out = format!(
        "{}()\n\nNAME\n       {} -\n\nDESCRIPTION\n       {}\n\nSYNOPSIS\n            {}\n",
        op.name.to_uppercase(),
        op.name,
        op.summary,
        op.name
    );
    for p in op.params {
        out.push_str(&format!("          {}\n", synopsis_entry(p)));
    }
    out.push_str("\nOPTIONS\n");
    for p in op.params {
        let required = if p.required { ", required" } else { "" };
        out.push_str(&format!(
            "       --{} ({}{required})\n",
            p.name,
            type_name(p.shape)
        ));
    }
    if let Some(example) = example(op.name) {
        out.push_str(&format!("\nEXAMPLE\n       {example}\n"));
    }
    out
}

fn example(name: &str) -> Option<&'static str> {
    Some(match name {
        "create-key-pair" => {
            "aws ec2 create-key-pair --key-name web-key --query 'KeyMaterial' --output text > web-key.pem"
        }
        "run-instances" => {
            "aws ec2 run-instances --image-id ami-... --instance-type t3.micro --key-name web-key --security-group-ids sg-... --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=web}]'"
        }
        "authorize-security-group-ingress" => {
            "aws ec2 authorize-security-group-ingress --group-id sg-... --protocol tcp --port 22 --cidr 203.0.113.5/32"
        }
        "describe-instances" => {
            "aws ec2 describe-instances --filters Name=instance-state-name,Values=running --query 'Reservations[].Instances[].[InstanceId,PublicIpAddress]' --output table"
        }
        "import-key-pair" => {
            "aws ec2 import-key-pair --key-name my-key --public-key-material fileb://~/.ssh/id_ed25519.pub"
        }
        _ => return None,
    })
}

/// `aws ec2 wait help`.
pub fn waiters(names: &[&str]) -> String {
    let mut out = String::from(
        "WAIT()\n\nNAME\n       wait -\n\nDESCRIPTION\n       Wait until a particular condition is satisfied. Each subcommand polls\n       an API until the listed requirement is met.\n\nAVAILABLE WAITERS IN THIS LAB\n",
    );
    for n in names {
        out.push_str(&format!("       o {n}\n"));
    }
    out
}

/// `aws configure help`.
pub fn configure() -> String {
    "CONFIGURE()\n\nNAME\n       configure -\n\nDESCRIPTION\n       Configure AWS CLI options. If this command is run with no arguments,\n       you will be prompted for configuration values such as your AWS Access\n       Key Id and your AWS Secret Access Key. You can configure a named\n       profile using the --profile argument. If your config file does not\n       exist (the default location is ~/.aws/config), the AWS CLI will create\n       it for you. Credentials go to ~/.aws/credentials.\n\nSYNOPSIS\n          aws configure [--profile profile-name]\n\nAVAILABLE COMMANDS\n       o get            aws configure get varname [--profile profile-name]\n       o list           aws configure list [--profile profile-name]\n       o list-profiles  aws configure list-profiles\n       o set            aws configure set varname value [--profile profile-name]\n\nEXAMPLES\n          $ aws configure\n          AWS Access Key ID [None]: accesskey\n          AWS Secret Access Key [None]: secretkey\n          Default region name [None]: us-west-2\n          Default output format [None]:\n"
        .to_string()
}
