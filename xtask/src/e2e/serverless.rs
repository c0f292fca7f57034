//! Chapter 14 (serverless) played start to finish like a learner, once in
//! English and once in Korean: a handler written with a here-document and
//! zipped; a function created with a handler that does not exist, the check
//! naming the error, then fixed; the greeting found in the log (through the
//! console's code editor and Test tab in English, the terminal in Korean); S3
//! refusing a notification until the function's policy lets it invoke, then an
//! upload logged; API Gateway answering 500 until it may invoke the function,
//! then the POSTed item in DynamoDB and the role's least privilege; a version
//! and an alias; the clean-up, the quiz and "Done" after a reload. Screenshots of
//! the Functions page are kept on a desktop and on a phone in dark mode.

use super::chapters::{
    Lang, choose_language, console_page, finish_chapter, next_step, open_chapter, page_screenshots,
    read_value, run, wait_failed_because, wait_passed,
};
use super::{Browser, DEFAULT_WAIT, E2eError, Scenario, Site, ensure};

/// The chapter 14 scenarios.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "chapter_14_in_english",
        run: chapter_14_in_english,
    },
    Scenario {
        name: "chapter_14_in_korean",
        run: chapter_14_in_korean,
    },
];

fn chapter_14_in_english(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_14(b, site, Lang::En)
}

fn chapter_14_in_korean(b: &mut Browser, site: &Site) -> Result<(), E2eError> {
    play_chapter_14(b, site, Lang::Ko)
}

const TRUST: &str = r#"'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#;

/// Writes `file` with a here-document, line by line as typed.
fn write_file(b: &mut Browser, file: &str, lines: &[&str]) -> Result<(), E2eError> {
    run(b, &format!("cat > {file} <<'EOF'"))?;
    for line in lines {
        run(b, line)?;
    }
    run(b, "EOF")?;
    Ok(())
}

fn play_chapter_14(b: &mut Browser, site: &Site, lang: Lang) -> Result<(), E2eError> {
    b.goto(site.url())?;
    b.wait_for("main h1", DEFAULT_WAIT)?;
    choose_language(b, lang)?;
    open_chapter(b, 14)?;
    // The interpreter comes with this chapter: the lab shows once it is here.
    b.wait_for("[data-testid=tab-terminal]", DEFAULT_WAIT)?;

    // Step 1: a first function, its handler wrong at first.
    write_file(
        b,
        "lambda_function.py",
        &[
            "import json",
            "def lambda_handler(event, context):",
            "    name = event.get('name', 'world')",
            "    print(f\"Hello, {name}!\")",
            "    return {'statusCode': 200, 'body': json.dumps({'greeting': f'Hello, {name}!'})}",
        ],
    )?;
    let zipped = run(b, "zip function.zip lambda_function.py")?;
    ensure(
        zipped.contains("adding: lambda_function.py"),
        format!("zip printed {zipped}"),
    )?;
    run(
        b,
        &format!(
            "aws iam create-role --role-name hello-lambda-role --assume-role-policy-document {TRUST}"
        ),
    )?;
    run(
        b,
        "aws iam attach-role-policy --role-name hello-lambda-role --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    )?;
    let account = read_value(
        b,
        "aws sts get-caller-identity --query Account --output text",
    )?;
    run(
        b,
        &format!(
            "aws lambda create-function --function-name hello --runtime python3.13 --role arn:aws:iam::{account}:role/hello-lambda-role --handler lambda_function.handler --zip-file fileb://function.zip"
        ),
    )?;
    run(
        b,
        "aws lambda wait function-active-v2 --function-name hello",
    )?;
    let refused = run(
        b,
        "aws lambda invoke --function-name hello --payload '{}' out.json",
    )?;
    ensure(
        refused.contains("Invalid base64"),
        format!("a raw payload without the binary format answered {refused}"),
    )?;
    run(
        b,
        "aws lambda invoke --function-name hello --cli-binary-format raw-in-base64-out --payload '{\"name\":\"Ada\"}' response.json",
    )?;
    let failed = run(b, "cat response.json")?;
    ensure(
        failed.contains("Runtime.HandlerNotFound"),
        format!("the wrong handler answered {failed}"),
    )?;
    wait_failed_because(b, "hello-created", "Runtime.HandlerNotFound")?;
    run(
        b,
        "aws lambda update-function-configuration --function-name hello --handler lambda_function.lambda_handler",
    )?;
    run(
        b,
        "aws lambda wait function-updated-v2 --function-name hello",
    )?;
    if lang == Lang::En {
        // The console's code editor and Test tab, as in the Lambda console.
        console_page(b, "functions")?;
        b.wait_for(
            r#"[data-testid=functions-table] tr[data-function="hello"]"#,
            DEFAULT_WAIT,
        )?;
        let code = b.wait_for("[data-testid=code-text]", DEFAULT_WAIT)?;
        let shown = b.property(&code, "value")?;
        ensure(
            shown
                .as_str()
                .unwrap_or_default()
                .contains("def lambda_handler"),
            format!("the editor shows {shown}"),
        )?;
        let event = b.find("[data-testid=test-event]")?;
        b.clear(&event)?;
        b.send_keys(&event, r#"{"name": "Ada"}"#)?;
        b.click_on("[data-testid=test-function]")?;
        b.wait_for_text("[data-testid=test-log]", "Hello, Ada!", DEFAULT_WAIT)?;
        page_screenshots(b, "functions-panel", "chapter-14-functions", lang)?;
    } else {
        run(
            b,
            "aws lambda invoke --function-name hello --cli-binary-format raw-in-base64-out --payload '{\"name\":\"Ada\"}' response.json",
        )?;
        let answer = run(b, "cat response.json")?;
        ensure(
            answer.contains("Hello, Ada!"),
            format!("hello answered {answer}"),
        )?;
    }
    wait_passed(b, "hello-created")?;
    wait_passed(b, "hello-logged")?;
    let log = run(b, "aws logs tail /aws/lambda/hello")?;
    ensure(
        log.contains("Hello, Ada!") && log.contains("REPORT RequestId:"),
        format!("the log shows {log}"),
    )?;

    // Step 2: an S3 trigger.
    next_step(b, 14, "s3-trigger")?;
    write_file(
        b,
        "upload.py",
        &[
            "def lambda_handler(event, context):",
            "    for record in event['Records']:",
            "        key = record['s3']['object']['key']",
            "        size = record['s3']['object']['size']",
            "        print(f\"Uploaded: {key} ({size} bytes)\")",
        ],
    )?;
    run(b, "zip upload.zip upload.py")?;
    run(
        b,
        &format!(
            "aws lambda create-function --function-name on-upload --runtime python3.13 --role arn:aws:iam::{account}:role/hello-lambda-role --handler upload.lambda_handler --zip-file fileb://upload.zip"
        ),
    )?;
    run(
        b,
        "aws lambda wait function-active-v2 --function-name on-upload",
    )?;
    run(b, &format!("aws s3 mb s3://uploads-{account}"))?;
    write_file(
        b,
        "notification.json",
        &[&format!(
            r#"{{"LambdaFunctionConfigurations":[{{"Id":"on-upload","LambdaFunctionArn":"arn:aws:lambda:ap-northeast-2:{account}:function:on-upload","Events":["s3:ObjectCreated:Put"]}}]}}"#
        )],
    )?;
    let unvalidated = run(
        b,
        &format!(
            "aws s3api put-bucket-notification-configuration --bucket uploads-{account} --notification-configuration file://notification.json"
        ),
    )?;
    ensure(
        unvalidated.contains("Unable to validate the following destination configurations"),
        format!("S3 answered {unvalidated}"),
    )?;
    wait_failed_because(b, "s3-may-invoke", "add-permission")?;
    run(
        b,
        &format!(
            "aws lambda add-permission --function-name on-upload --statement-id s3-invoke --action lambda:InvokeFunction --principal s3.amazonaws.com --source-arn arn:aws:s3:::uploads-{account} --source-account {account}"
        ),
    )?;
    run(
        b,
        &format!(
            "aws s3api put-bucket-notification-configuration --bucket uploads-{account} --notification-configuration file://notification.json"
        ),
    )?;
    run(b, "echo \"hello\" > photo.txt")?;
    run(
        b,
        &format!("aws s3 cp photo.txt s3://uploads-{account}/photo.txt"),
    )?;
    wait_passed(b, "s3-may-invoke")?;
    wait_passed(b, "upload-logged")?;

    // Step 3: POST /items through API Gateway into DynamoDB.
    next_step(b, 14, "api-to-dynamodb")?;
    run(
        b,
        "aws dynamodb create-table --table-name items --attribute-definitions AttributeName=id,AttributeType=S --key-schema AttributeName=id,KeyType=HASH --billing-mode PAY_PER_REQUEST",
    )?;
    run(b, "aws dynamodb wait table-exists --table-name items")?;
    run(
        b,
        &format!(
            "aws iam create-role --role-name items-api-role --assume-role-policy-document {TRUST}"
        ),
    )?;
    run(
        b,
        "aws iam attach-role-policy --role-name items-api-role --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    )?;
    run(
        b,
        &format!(
            r#"aws iam put-role-policy --role-name items-api-role --policy-name put-items --policy-document '{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"dynamodb:PutItem","Resource":"arn:aws:dynamodb:ap-northeast-2:{account}:table/items"}}]}}'"#
        ),
    )?;
    write_file(
        b,
        "items.py",
        &[
            "import json",
            "import os",
            "import boto3",
            "table = boto3.resource('dynamodb').Table(os.environ['TABLE_NAME'])",
            "def lambda_handler(event, context):",
            "    item = json.loads(event['body'])",
            "    table.put_item(Item=item)",
            "    return {'statusCode': 201, 'body': json.dumps({'saved': item['id']})}",
        ],
    )?;
    run(b, "zip items.zip items.py")?;
    run(
        b,
        &format!(
            "aws lambda create-function --function-name put-item --runtime python3.13 --role arn:aws:iam::{account}:role/items-api-role --handler items.lambda_handler --zip-file fileb://items.zip --environment Variables={{TABLE_NAME=items}}"
        ),
    )?;
    run(
        b,
        "aws lambda wait function-active-v2 --function-name put-item",
    )?;
    wait_passed(b, "least-privilege")?;
    let api = read_value(
        b,
        "aws apigateway create-rest-api --name items-api --query id --output text",
    )?;
    let root = read_value(
        b,
        &format!(
            "aws apigateway get-resources --rest-api-id {api} --query 'items[0].id' --output text"
        ),
    )?;
    let items = read_value(
        b,
        &format!(
            "aws apigateway create-resource --rest-api-id {api} --parent-id {root} --path-part items --query id --output text"
        ),
    )?;
    run(
        b,
        &format!(
            "aws apigateway put-method --rest-api-id {api} --resource-id {items} --http-method POST --authorization-type NONE"
        ),
    )?;
    run(
        b,
        &format!(
            "aws apigateway put-integration --rest-api-id {api} --resource-id {items} --http-method POST --type AWS_PROXY --integration-http-method POST --uri arn:aws:apigateway:ap-northeast-2:lambda:path/2015-03-31/functions/arn:aws:lambda:ap-northeast-2:{account}:function:put-item/invocations"
        ),
    )?;
    run(
        b,
        &format!("aws apigateway create-deployment --rest-api-id {api} --stage-name prod"),
    )?;
    let url = format!("https://{api}.execute-api.ap-northeast-2.amazonaws.com/prod/items");
    let denied = run(
        b,
        &format!("curl -X POST {url} -d '{{\"id\":\"1\",\"name\":\"pen\"}}'"),
    )?;
    ensure(
        denied.contains("Internal server error"),
        format!("before add-permission the API answered {denied}"),
    )?;
    wait_failed_because(b, "post-inserts", "curl")?;
    run(
        b,
        &format!(
            "aws lambda add-permission --function-name put-item --statement-id apigateway-post --action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn \"arn:aws:execute-api:ap-northeast-2:{account}:{api}/*/POST/items\""
        ),
    )?;
    let saved = run(
        b,
        &format!("curl -X POST {url} -d '{{\"id\":\"1\",\"name\":\"pen\"}}'"),
    )?;
    ensure(
        saved.contains("\"saved\": \"1\""),
        format!("the API answered {saved}"),
    )?;
    wait_passed(b, "post-inserts")?;
    console_page(b, "rest-apis")?;
    b.wait_for_text(
        "[data-testid=rest-apis-table]",
        "POST /items · Lambda proxy → put-item",
        DEFAULT_WAIT,
    )?;
    page_screenshots(b, "rest-apis-panel", "chapter-14-apis", lang)?;

    // Step 4: a version and an alias.
    next_step(b, 14, "versions-and-timeouts")?;
    run(
        b,
        "aws lambda update-function-configuration --function-name hello --timeout 5 --memory-size 256",
    )?;
    run(
        b,
        "aws lambda wait function-updated-v2 --function-name hello",
    )?;
    let version = read_value(
        b,
        "aws lambda publish-version --function-name hello --query Version --output text",
    )?;
    ensure(version == "1", format!("the first version is {version}"))?;
    run(
        b,
        "aws lambda create-alias --function-name hello --name live --function-version 1",
    )?;
    wait_passed(b, "alias-live")?;

    // Step 5: clean up.
    next_step(b, 14, "clean-up")?;
    run(
        b,
        &format!("aws apigateway delete-rest-api --rest-api-id {api}"),
    )?;
    for function in ["hello", "on-upload", "put-item"] {
        run(
            b,
            &format!("aws lambda delete-function --function-name {function}"),
        )?;
    }
    run(b, &format!("aws s3 rb s3://uploads-{account} --force"))?;
    run(b, "aws dynamodb delete-table --table-name items")?;
    wait_passed(b, "nothing-left")?;

    finish_chapter(b, 14, lang)
}
