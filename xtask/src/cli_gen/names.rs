//! botocore's `xform_name`: `DescribeDBInstances` → `describe-db-instances`, the
//! way the AWS CLI names its subcommands and options.

/// `name` in the CLI's dashed lower case (botocore's `xform_name(name, '-')`).
pub fn xform_name(name: &str) -> String {
    const SEP: char = '-';
    if name.contains(SEP) {
        return name.to_string();
    }
    let mut name: Vec<char> = name.chars().collect();
    // `_special_case_transform`: a run of two or more capitals ending the name in
    // `s` (`...ARNs`) becomes one lower-case word.
    if name.last() == Some(&'s') {
        let capitals = name
            .iter()
            .rev()
            .skip(1)
            .take_while(|c| c.is_ascii_uppercase())
            .count();
        if capitals >= 2 {
            let start = name.len() - 1 - capitals;
            let tail: Vec<char> = name.split_off(start);
            name.push(SEP);
            name.extend(tail.iter().map(|c| c.to_ascii_lowercase()));
        }
    }
    // `(.)([A-Z][a-z]+)` → `\1-\2`
    let mut first = Vec::with_capacity(name.len() + 8);
    let mut i = 0;
    while let Some(&c) = name.get(i) {
        let starts_word = name.get(i + 1).is_some_and(char::is_ascii_uppercase)
            && name.get(i + 2).is_some_and(char::is_ascii_lowercase);
        if starts_word {
            let mut end = i + 3;
            while name.get(end).is_some_and(char::is_ascii_lowercase) {
                end += 1;
            }
            first.push(c);
            first.push(SEP);
            first.extend_from_slice(&name[i + 1..end]);
            i = end;
        } else {
            first.push(c);
            i += 1;
        }
    }
    // `([a-z0-9])([A-Z])` → `\1-\2`, then lower case.
    let mut out = String::with_capacity(first.len() + 4);
    let mut i = 0;
    while let Some(&c) = first.get(i) {
        let next_is_capital = first.get(i + 1).is_some_and(char::is_ascii_uppercase);
        if (c.is_ascii_lowercase() || c.is_ascii_digit()) && next_is_capital {
            out.push(c);
            out.push(SEP);
            out.extend(first.get(i + 1).map(char::to_ascii_lowercase));
            i += 2;
        } else {
            out.push(c.to_ascii_lowercase());
            i += 1;
        }
    }
    out
}

/// A botocore shape name as a Rust static's name: `TagSpecificationList` →
/// `TAG_SPECIFICATION_LIST`.
pub fn static_name(shape: &str) -> String {
    xform_name(shape).replace('-', "_").to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_aws_cli() {
        for (api, cli) in [
            ("DescribeDBInstances", "describe-db-instances"),
            ("DryRun", "dry-run"),
            ("CidrIpv6", "cidr-ipv6"),
            ("VirtualMFADeviceName", "virtual-mfa-device-name"),
            ("CreateVirtualMFADevice", "create-virtual-mfa-device"),
            ("SSEKMSKeyId", "ssekms-key-id"),
            ("ListAccessKeys", "list-access-keys"),
            ("Ipv6AddressCount", "ipv6-address-count"),
            ("TargetGroupARNs", "target-group-arns"),
            ("InstanceIds", "instance-ids"),
            ("GetParametersByPath", "get-parameters-by-path"),
            ("MFADevices", "mfa-devices"),
        ] {
            assert_eq!(xform_name(api), cli, "{api}");
        }
    }

    #[test]
    fn static_names_are_screaming_snake_case() {
        assert_eq!(
            static_name("TagSpecificationList"),
            "TAG_SPECIFICATION_LIST"
        );
        assert_eq!(
            static_name("AttributeBooleanValue"),
            "ATTRIBUTE_BOOLEAN_VALUE"
        );
    }
}
