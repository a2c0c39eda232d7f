"""Post-processing of the OpenAPI schema: every refusal documented as problem+json, and the links a client (and the
stateful fuzzer) follows from one answer to the next request."""

PROBLEM = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["type", "title", "status", "detail"],
}
REFUSALS = {
    "400": "Invalid input: `errors` names each field",
    "401": "No valid token or session",
    "403": "Not allowed for you, or not now",
    "404": "Not found, or outside your agencies' scope",
    "409": "The step is not possible in the current state",
    "412": "If-Match does not match: someone changed it since you read it",
    "422": "Idempotency-Key reused for another request",
    "428": "If-Match required",
    "429": "Too many requests",
}
BODY_ID = "$response.body#/id"
FIRST_ROW = "$response.body#/results/0/id"
LINKS = {
    # (path, method, status): {link name: (operationId, {parameter: expression})}
    ("/api/v1/work/queue/", "get", "200"): {
        "Claim": ("work_claim_create", {"id": FIRST_ROW}),
        "Work": ("work_retrieve", {"id": FIRST_ROW}),
    },
    ("/api/v1/work/inbox/", "get", "200"): {
        "Release": ("work_release_create", {"id": FIRST_ROW}),
        "Complete": ("work_complete_create", {"id": FIRST_ROW}),
    },
    ("/api/v1/work/{id}/claim/", "post", "200"): {
        "Complete": ("work_complete_create", {"id": BODY_ID}),
        "Release": ("work_release_create", {"id": BODY_ID}),
    },
    ("/api/v1/results/", "get", "200"): {
        "Result": ("results_retrieve", {"id": FIRST_ROW}),
        "Timeline": ("results_timeline_list", {"id": FIRST_ROW}),
        "Steps": ("results_steps_list", {"id": FIRST_ROW}),
    },
    ("/api/v1/results/{id}/", "get", "200"): {
        "Timeline": ("results_timeline_list", {"id": BODY_ID}),
        "Documents": ("documents_list", {"result": BODY_ID}),
    },
    ("/api/v1/annual-reports/", "get", "200"): {"Report": ("annual_reports_retrieve", {"id": FIRST_ROW})},
    ("/api/v1/annual-reports/{id}/", "get", "200"): {"Submit": ("annual_reports_submit_create", {"id": BODY_ID})},
    ("/api/v1/st-tasks/", "get", "200"): {
        "Task": ("st_tasks_retrieve", {"id": FIRST_ROW}),
        "Edit": ("st_tasks_partial_update", {"id": FIRST_ROW}),
    },
    ("/api/v1/st-tasks/", "post", "201"): {
        "Task": ("st_tasks_retrieve", {"id": BODY_ID}),
        "Edit": ("st_tasks_partial_update", {"id": BODY_ID}),
    },
    ("/api/v1/results/", "post", "201"): {
        "Result": ("results_retrieve", {"id": BODY_ID}),
        "Steps": ("results_steps_list", {"id": BODY_ID}),
        "Documents": ("documents_list", {"result": BODY_ID}),
    },
    ("/api/v1/notifications/", "get", "200"): {"Read": ("notifications_read_create", {"id": FIRST_ROW})},
}


def add_problems_and_links(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code, description in REFUSALS.items():
                if code in ("412", "428") and method != "patch":
                    continue
                if code == "422" and method != "post":
                    continue
                responses[code] = {"description": description, "content": problem}
            for (link_path, link_method, status), links in LINKS.items():
                if (link_path, link_method) == (path, method) and status in responses:
                    responses[status]["links"] = {
                        name: {"operationId": target, "parameters": parameters}
                        for name, (target, parameters) in links.items()
                    }
    return result
