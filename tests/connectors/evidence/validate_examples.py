#!/usr/bin/env python3
"""Validates data/examples against docs/formats/*.schema.json with python3-jsonschema (draft 2020-12).

Usage: validate_examples.py REPO_ROOT. Prints "valid: N" and exits 1 on any invalid file or schema.
"""
import glob
import json
import os
import sys

from jsonschema import Draft202012Validator

root = sys.argv[1] if len(sys.argv) > 1 else "."
pairs = [("supplier-disclosure.schema.json", "disclosures"), ("audit-report.schema.json", "audits")]
valid = 0
failed = False
for schema_name, folder in pairs:
    with open(os.path.join(root, "docs/formats", schema_name), encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for path in sorted(glob.glob(os.path.join(root, "data/examples", folder, "*.json"))):
        with open(path, encoding="utf-8") as f:
            errors = list(validator.iter_errors(json.load(f)))
        for e in errors:
            print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}")
        failed = failed or bool(errors)
        valid += not errors
print(f"valid: {valid}")
sys.exit(1 if failed else 0)
