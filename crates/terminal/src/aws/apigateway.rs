//! `aws apigateway`: REST APIs, their resources, methods, integrations,
//! deployments and stages. A stage answers at
//! `https://<id>.execute-api.<region>.amazonaws.com/<stage>/...` (try `curl`).

use super::Service;
use super::generated;
use super::operation::{Operation, call, call_no_input, call_unit};

/// Every supported `aws apigateway` subcommand.
pub const OPERATIONS: &[Operation] = &[
    Operation::new(
        generated::apigateway::CREATE_DEPLOYMENT,
        "Deploys the API as it is now, to a stage (--stage-name).",
        call!(create_deployment),
    ),
    Operation::new(
        generated::apigateway::CREATE_RESOURCE,
        "Adds a path segment under a resource (/items).",
        call!(create_resource),
    ),
    Operation::new(
        generated::apigateway::CREATE_REST_API,
        "Creates a REST API.",
        call!(create_rest_api),
    ),
    Operation::new(
        generated::apigateway::DELETE_RESOURCE,
        "Deletes a resource and everything under it.",
        call_unit!(delete_resource),
    ),
    Operation::new(
        generated::apigateway::DELETE_REST_API,
        "Deletes a REST API.",
        call_unit!(delete_rest_api),
    ),
    Operation::new(
        generated::apigateway::GET_METHOD,
        "Describes a method and its integration.",
        call!(get_method),
    ),
    Operation::new(
        generated::apigateway::GET_RESOURCES,
        "Lists an API's resources.",
        call!(get_resources),
    ),
    Operation::new(
        generated::apigateway::GET_REST_API,
        "Describes a REST API.",
        call!(get_rest_api),
    ),
    Operation::new(
        generated::apigateway::GET_REST_APIS,
        "Lists REST APIs.",
        call_no_input!(get_rest_apis),
    ),
    Operation::new(
        generated::apigateway::GET_STAGES,
        "Lists an API's stages.",
        call!(get_stages),
    ),
    Operation::new(
        generated::apigateway::PUT_INTEGRATION,
        "Says where a method's requests go (AWS_PROXY to a Lambda function, or MOCK).",
        call!(put_integration),
    ),
    Operation::new(
        generated::apigateway::PUT_METHOD,
        "Adds an HTTP method to a resource.",
        call!(put_method),
    ),
];

/// `aws apigateway`.
pub const APIGATEWAY: Service = Service {
    name: "apigateway",
    title: "APIGATEWAY",
    description: "Amazon API Gateway puts an HTTPS front door on your functions and services:\n       resources and methods, deployed to stages with their own URL.",
    operations: OPERATIONS,
    extra: &[],
    regional: true,
};
