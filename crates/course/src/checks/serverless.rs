//! Lambda and API Gateway checks (chapter 14): a function that is Active and
//! whose last run succeeded, a line its code printed in its log group, the
//! permission that lets a service invoke it, an item its API wrote, an execution
//! role that allows only what the code needs, an alias on a version, and a
//! cleaned-up account. They read the model (functions, their invocations and
//! policies, log events, items, the IAM evaluator), never what was typed.

use cloudlab_model::Cloud;
use cloudlab_model::auth::{Caller, CallerIdentity};
use cloudlab_model::dynamodb::values::AttributeValue;
use cloudlab_model::lambda::{Function, InvocationOutcome};

use crate::checks::{CheckOutcome, fail, pass};

fn function<'c>(cloud: &'c Cloud, name: &str) -> Result<&'c Function, CheckOutcome> {
    cloud.lambda_function(name).ok_or_else(|| {
        fail(
            format!("There is no function {name}. Create it with `aws lambda create-function --function-name {name} ...`."),
            format!("{name} 함수가 없어요. `aws lambda create-function --function-name {name} ...`로 만드세요."),
        )
    })
}

/// The function is Active and its latest invocation returned.
pub(super) fn function_runs(cloud: &Cloud, name: &str) -> CheckOutcome {
    let f = match function(cloud, name) {
        Ok(f) => f,
        Err(failed) => return failed,
    };
    if f.state != "Active" {
        return fail(
            format!(
                "{name} is {}, not Active yet. Wait with `aws lambda wait function-active-v2 --function-name {name}`.",
                f.state
            ),
            format!(
                "{name} 함수가 아직 Active가 아니라 {}예요. `aws lambda wait function-active-v2 --function-name {name}`로 기다리세요.",
                f.state
            ),
        );
    }
    match f.invocations.last().map(|i| &i.outcome) {
        None => fail(
            format!(
                "{name} has not run yet. Invoke it with `aws lambda invoke --function-name {name} ... response.json`."
            ),
            format!(
                "{name} 함수는 아직 실행된 적이 없어요. `aws lambda invoke --function-name {name} ... response.json`으로 호출하세요."
            ),
        ),
        Some(InvocationOutcome::Error(kind)) => fail(
            format!(
                "{name}'s last run failed with {kind} (handler {}): read response.json or its log, fix the code or the handler, and invoke it again.",
                f.latest.handler
            ),
            format!(
                "{name} 함수의 마지막 실행이 {kind}로 실패했어요(핸들러 {}). response.json이나 로그를 읽고 코드나 핸들러를 고친 뒤 다시 호출하세요.",
                f.latest.handler
            ),
        ),
        Some(InvocationOutcome::Timeout) => fail(
            format!("{name}'s last run timed out after {} s.", f.latest.timeout),
            format!(
                "{name} 함수의 마지막 실행이 {}초 제한 시간을 넘겼어요.",
                f.latest.timeout
            ),
        ),
        Some(InvocationOutcome::Success) => pass(
            format!(
                "{name} is Active ({}, handler {}) and its last run returned.",
                f.latest.runtime, f.latest.handler
            ),
            format!(
                "{name} 함수가 Active이고({}, 핸들러 {}) 마지막 실행이 값을 돌려줬어요.",
                f.latest.runtime, f.latest.handler
            ),
        ),
    }
}

/// An event in the log group contains `text`.
pub(super) fn log_line(cloud: &Cloud, group: &str, text: &str) -> CheckOutcome {
    if cloud.log_group_contains(group, text) {
        return pass(
            format!("{group} has a line with \"{text}\"."),
            format!("{group}에 \"{text}\"가 들어 있는 줄이 있어요."),
        );
    }
    let function = group
        .strip_prefix("/aws/lambda/")
        .and_then(|name| cloud.lambda_function(name));
    if let Some(f) = function
        && f.invocations.iter().any(|i| !i.logged)
    {
        let role = Function::role_name(&f.latest);
        return fail(
            format!(
                "{} ran, but its role {role} may not write logs, so nothing reached {group}. Attach the managed policy AWSLambdaBasicExecutionRole to the role and invoke it again.",
                f.name
            ),
            format!(
                "{} 함수는 실행됐지만 {role} 역할에 로그를 쓸 권한이 없어서 {group}에 아무것도 남지 않았어요. 역할에 관리형 정책 AWSLambdaBasicExecutionRole을 연결하고 다시 호출하세요.",
                f.name
            ),
        );
    }
    if cloud.log_group(group).is_none() {
        return fail(
            format!(
                "There is no log group {group} yet: it appears when the function first runs with a role that may write logs."
            ),
            format!(
                "아직 {group} 로그 그룹이 없어요. 로그를 쓸 수 있는 역할로 함수가 처음 실행될 때 생겨요."
            ),
        );
    }
    fail(
        format!(
            "No line in {group} contains \"{text}\" yet. Read it with `aws logs tail {group}`: did the code run with the input the task asks for?"
        ),
        format!(
            "{group}에 아직 \"{text}\"가 들어 있는 줄이 없어요. `aws logs tail {group}`으로 읽어 보세요. 과제의 입력으로 코드가 실행됐나요?"
        ),
    )
}

/// The function's resource-based policy lets `principal` invoke it, limited to
/// a source ARN.
pub(super) fn trigger_permission(cloud: &Cloud, name: &str, principal: &str) -> CheckOutcome {
    let f = match function(cloud, name) {
        Ok(f) => f,
        Err(failed) => return failed,
    };
    let statement = f.policy.iter().find(|s| {
        s.principal == principal && (s.action == "lambda:InvokeFunction" || s.action == "lambda:*")
    });
    match statement {
        None => fail(
            format!(
                "{name}'s resource-based policy does not let {principal} invoke it, so the service's calls are refused. Add a statement with `aws lambda add-permission --function-name {name} --principal {principal} --action lambda:InvokeFunction --source-arn ...`."
            ),
            format!(
                "{name} 함수의 리소스 기반 정책이 {principal}의 호출을 허용하지 않아서 서비스의 호출이 거부돼요. `aws lambda add-permission --function-name {name} --principal {principal} --action lambda:InvokeFunction --source-arn ...`으로 문을 더하세요."
            ),
        ),
        Some(s) if s.source_arn.is_none() => fail(
            format!(
                "Statement {} lets {principal} invoke {name} on behalf of any resource, in any account. Limit it with --source-arn (and --source-account for S3).",
                s.sid
            ),
            format!(
                "문 {}이 어떤 리소스, 어떤 계정을 대신해서든 {principal}이 {name}을 호출하게 해요. --source-arn(S3라면 --source-account도)으로 좁히세요.",
                s.sid
            ),
        ),
        Some(s) => pass(
            format!(
                "Statement {} lets {principal} invoke {name} for {} only.",
                s.sid,
                s.source_arn.as_deref().unwrap_or("")
            ),
            format!(
                "문 {}이 {}에 대해서만 {principal}이 {name}을 호출하게 해요.",
                s.sid,
                s.source_arn.as_deref().unwrap_or("")
            ),
        ),
    }
}

/// The table holds an item whose string key `key` is `value`.
pub(super) fn item_exists(cloud: &Cloud, table: &str, key: &str, value: &str) -> CheckOutcome {
    let Some(t) = cloud.dynamodb_table(table) else {
        return fail(
            format!("There is no table {table}."),
            format!("{table} 테이블이 없어요."),
        );
    };
    let found = t
        .items
        .iter()
        .any(|item| matches!(item.get(key), Some(AttributeValue::S(v)) if v == value));
    if found {
        pass(
            format!("{table} holds the item with {key} = {value}."),
            format!("{table}에 {key} = {value}인 항목이 있어요."),
        )
    } else {
        fail(
            format!(
                "{table} has no item with {key} = {value} yet ({} items). POST it to the API's invoke URL with curl; if curl shows {{\"message\":\"Internal server error\"}}, read the function's log.",
                t.items.len()
            ),
            format!(
                "{table}에 아직 {key} = {value}인 항목이 없어요(항목 {}개). curl로 API의 호출 URL에 POST하세요. curl이 {{\"message\":\"Internal server error\"}}를 보여 주면 함수의 로그를 읽어 보세요.",
                t.items.len()
            ),
        )
    }
}

/// The function's execution role allows each of `allowed` on the table and none
/// of `denied`, nor `allowed` on another table.
pub(super) fn role_only_allows(
    cloud: &Cloud,
    name: &str,
    table: &str,
    allowed: &[String],
    denied: &[String],
) -> CheckOutcome {
    let f = match function(cloud, name) {
        Ok(f) => f,
        Err(failed) => return failed,
    };
    let role = Function::role_name(&f.latest).to_string();
    let caller = Caller::Identity(CallerIdentity::AssumedRole {
        role_name: role.clone(),
        session_name: name.to_string(),
    });
    let arn = cloud.table_arn(table);
    let other = cloud.table_arn("some-other-table");
    let may = |action: &str, resource: &str| {
        cloud
            .authorize(&caller, action, resource, &Default::default())
            .is_ok()
    };
    if let Some(missing) = allowed.iter().find(|a| !may(a, &arn)) {
        return fail(
            format!("{role} may not {missing} on {table}, which {name}'s code needs."),
            format!("{role} 역할은 {table}에 {missing}을 할 수 없는데, {name}의 코드에 필요해요."),
        );
    }
    if let Some(extra) = denied.iter().find(|a| may(a, &arn)) {
        return fail(
            format!(
                "{role} may also {extra} on {table}, which {name}'s code never does. Give the role only the actions the code calls (least privilege)."
            ),
            format!(
                "{role} 역할은 {table}에 {extra}도 할 수 있는데, {name}의 코드는 그런 일을 하지 않아요. 역할에는 코드가 호출하는 작업만 주세요(최소 권한)."
            ),
        );
    }
    if let Some(wide) = allowed.iter().find(|a| may(a, &other)) {
        return fail(
            format!(
                "{role} may {wide} on any table, not only {table}. Name the table's ARN as the Resource."
            ),
            format!(
                "{role} 역할은 {table}뿐 아니라 모든 테이블에 {wide}를 할 수 있어요. Resource에 테이블의 ARN을 쓰세요."
            ),
        );
    }
    pass(
        format!(
            "{role} allows {} on {table} and nothing more that was tried.",
            allowed.join(", ")
        ),
        format!(
            "{role} 역할은 {table}에 {}만 허용하고, 시험한 다른 작업은 허용하지 않아요.",
            allowed.join(", ")
        ),
    )
}

/// The alias exists and points at `version`.
pub(super) fn alias_points_to(
    cloud: &Cloud,
    name: &str,
    alias: &str,
    version: &str,
) -> CheckOutcome {
    let f = match function(cloud, name) {
        Ok(f) => f,
        Err(failed) => return failed,
    };
    match f.alias(alias) {
        None => fail(
            format!(
                "{name} has no alias {alias}. Publish a version, then `aws lambda create-alias --function-name {name} --name {alias} --function-version {version}`."
            ),
            format!(
                "{name} 함수에 {alias} 별칭이 없어요. 버전을 게시한 다음 `aws lambda create-alias --function-name {name} --name {alias} --function-version {version}`을 실행하세요."
            ),
        ),
        Some(a) if a.function_version != version => fail(
            format!(
                "{alias} points at {} instead of version {version}. $LATEST changes with every update; an alias for callers should point at a published version.",
                a.function_version
            ),
            format!(
                "{alias} 별칭이 버전 {version}이 아니라 {}를 가리켜요. $LATEST는 업데이트마다 바뀌니, 호출자용 별칭은 게시된 버전을 가리켜야 해요.",
                a.function_version
            ),
        ),
        Some(_) => pass(
            format!("{alias} points at version {version} of {name}."),
            format!("{alias} 별칭이 {name} 함수의 버전 {version}을 가리켜요."),
        ),
    }
}

/// Functions were made in this lab, and none are left, nor any REST API.
pub(super) fn serverless_cleaned_up(cloud: &Cloud) -> CheckOutcome {
    let made_any = cloud
        .api_log()
        .iter()
        .any(|call| call.operation == "CreateFunction" && call.error_code.is_none());
    if !made_any {
        return fail(
            "No function was created in this lab yet.".into(),
            "이 실습에서 아직 함수를 만들지 않았어요.".into(),
        );
    }
    let functions: Vec<&str> = cloud
        .lambda_functions()
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    if !functions.is_empty() {
        return fail(
            format!(
                "These functions are still here: {}. Delete them with `aws lambda delete-function`.",
                functions.join(", ")
            ),
            format!(
                "아직 함수가 남아 있어요: {}. `aws lambda delete-function`으로 지우세요.",
                functions.join(", ")
            ),
        );
    }
    if let Some(api) = cloud.rest_apis().first() {
        return fail(
            format!(
                "The REST API {} ({}) is still deployed. Delete it with `aws apigateway delete-rest-api --rest-api-id {}`.",
                api.name, api.id, api.id
            ),
            format!(
                "REST API {}({})가 아직 배포돼 있어요. `aws apigateway delete-rest-api --rest-api-id {}`로 지우세요.",
                api.name, api.id, api.id
            ),
        );
    }
    pass(
        "No function and no REST API is left. Their log groups stay until you delete them.".into(),
        "함수도 REST API도 남지 않았어요. 로그 그룹은 지울 때까지 남아 있어요.".into(),
    )
}
