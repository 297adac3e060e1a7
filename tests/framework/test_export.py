"""villagescore.framework.export: the resolved document says the policy for unverified limits when not the default."""

from __future__ import annotations

import dataclasses

from tests.conftest import SUPPORT
from villagescore.framework import load_framework, resolve_framework, resolved_document
from villagescore.framework.export import resolved_sha256


def test_the_default_policy_is_not_written_so_a_framework_without_it_keeps_its_hash(toy_registry):
    fw = load_framework(SUPPORT / "toy-framework.yaml", toy_registry)
    doc = resolved_document(fw)
    assert "unverified_limits" not in doc["defaults"] and fw.unverified_limits == "score"
    excluded = dataclasses.replace(fw, unverified_limits="exclude")
    assert resolved_document(excluded)["defaults"]["unverified_limits"] == "exclude"
    assert resolved_sha256(excluded) != resolved_sha256(fw) == fw.resolved_sha256


def test_an_exported_framework_loads_with_the_same_policy(toy_registry):
    fw = dataclasses.replace(load_framework(SUPPORT / "toy-framework.yaml", toy_registry), unverified_limits="exclude")
    again = resolve_framework(resolved_document(fw), toy_registry, name="exported.yaml")
    assert again.unverified_limits == "exclude"
