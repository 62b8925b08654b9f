"""What the SAM translator really generates from template.yaml, checked against what the
template's own references assume (`make test`).

cfn-lint resolves `Fn::ForEach` before it knows the resources SAM generates, so the newest
cfn-lint (1.58) reports E1010 on the dead-letter alarms' `!GetAtt [!Ref Queue, QueueName]`:
the queues are made by SAM from each ScheduleV2 event's `DeadLetterConfig.QueueLogicalId`.
This translates the template with aws-sam-translator (pinned in infra/requirements.txt), as
`sam deploy` would after packaging, and fails unless every resource a `Fn::ForEach` loop
refers to by its loop variable exists in the translated template with the expected type.
"""

import copy
import os
import sys

from cfnlint.decode import decode
from samtranslator.translator.transform import transform


class NoManagedPolicies:
    """The template names no AWS managed policy by name: nothing to look up in IAM."""

    def load(self):
        return {}


def translated(path):
    template, problems = decode(path)
    if problems:
        sys.exit(f"{path}: {problems}")
    template = copy.deepcopy(dict(template))
    loops = {k: v for k, v in template["Resources"].items() if k.startswith("Fn::ForEach::")}
    template["Resources"] = {k: v for k, v in template["Resources"].items() if k not in loops}
    # The language extensions run before SAM in CloudFormation; the loops are checked below.
    template["Transform"] = "AWS::Serverless-2016-10-31"
    # As after `sam build` / `sam package`: the code is in S3.
    for resource in template["Resources"].values():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = "s3://bucket/function.zip"
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    return transform(template, {}, NoManagedPolicies()), loops


def refers_to(node, variable):
    """Whether a loop's body uses `!Ref <variable>`: its items then name resources."""
    if isinstance(node, dict):
        if node.get("Ref") == variable:
            return True
        return any(refers_to(v, variable) for v in node.values())
    if isinstance(node, list):
        return any(refers_to(v, variable) for v in node)
    return False


def main(path="template.yaml"):
    output, loops = translated(path)
    resources = output["Resources"]
    missing = []
    checked = 0
    for name, (variable, collection, body) in loops.items():
        if not refers_to(body, variable):
            continue
        for item in collection:
            checked += 1
            if not isinstance(item, str) or item not in resources:
                missing.append(f"{name}: {variable} = {item!r} is not a resource SAM generates")
            elif resources[item]["Type"] != "AWS::SQS::Queue":
                missing.append(f"{name}: {item} is a {resources[item]['Type']}, not a queue")
    if missing:
        sys.exit("\n".join(missing))
    if checked == 0:
        sys.exit("no Fn::ForEach refers to generated resources: is this check still needed?")
    print(f"SAM translation: {len(resources)} resources; the {checked} queues the loops refer to exist")


if __name__ == "__main__":
    main(*sys.argv[1:])
