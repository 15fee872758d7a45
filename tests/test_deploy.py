"""The Kubernetes manifests in deploy/kubernetes/: valid against the schemas, and the topology holds.

The schemas come with the `kubernetes-validate` package (pinned in pyproject and the constraints);
its 1.28 line resolves `$ref`s to files inside the package, and the `offline` fixture makes any
network connection from this process an error (`kubectl kustomize` runs offline too).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.factories import ROOT

KUBE = ROOT / "deploy" / "kubernetes"
KUBERNETES_VERSION = "1.28"  # the newest schema set that kubernetes-validate 1.28.3 ships
IMAGE = "registry.example.org/nrwbot:0.2.0"
CHAT_PATHS = {"/socket.io", "/webhooks", "/widget"}  # never Rasa's HTTP API
INGRESS_CONTROLLER = ("namespace", "ingress-nginx")
# Who may open a connection to whom: component -> the only sources admitted.
ALLOWED_SOURCES = {
    "rasa": {INGRESS_CONTROLLER},
    "admin": {INGRESS_CONTROLLER},
    "action-server": {("pods", "rasa")},
    "backend": {("pods", "action-server")},
    "model-server": {("pods", "rasa")},
}
SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSWORD|_KEY$")
URL_PASSWORD = re.compile(r"://[^:/@\s]*:([^@\s]*)@")
AFFINITY = re.compile(r"affinity|session-cookie|sticky|upstream-hash-by", re.IGNORECASE)

Manifest = dict[str, Any]


def _kustomization() -> Manifest:
    return yaml.safe_load((KUBE / "kustomization.yaml").read_text(encoding="utf-8"))


def _manifests() -> list[Manifest]:
    docs: list[Manifest] = []
    for name in _kustomization()["resources"]:
        docs += [d for d in yaml.safe_load_all((KUBE / name).read_text(encoding="utf-8")) if d]
    return docs


MANIFESTS = _manifests()


def _of_kind(kind: str) -> list[Manifest]:
    return [m for m in MANIFESTS if m["kind"] == kind]


def _named(kind: str, name: str) -> Manifest:
    found = [m for m in _of_kind(kind) if m["metadata"]["name"] == name]
    assert found, f"no {kind} {name} in deploy/kubernetes"
    return found[0]


def _pod_specs() -> Iterator[tuple[str, Manifest]]:
    for m in _of_kind("Deployment"):
        yield m["metadata"]["name"], m["spec"]["template"]["spec"]
    for m in _of_kind("CronJob"):
        yield m["metadata"]["name"], m["spec"]["jobTemplate"]["spec"]["template"]["spec"]


def _containers() -> Iterator[tuple[str, Manifest, Manifest]]:
    for owner, pod in _pod_specs():
        for container in pod.get("initContainers", []) + pod["containers"]:
            yield f"{owner}/{container['name']}", pod, container


def _key(manifest: Manifest) -> tuple[str, str]:
    return manifest["kind"], manifest["metadata"]["name"]


def _component(labels: dict[str, str] | None) -> str | None:
    return (labels or {}).get("app.kubernetes.io/component")


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation must not download anything: every outgoing connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"tests/test_deploy.py tried to open a connection: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_kustomization_lists_every_manifest_file() -> None:
    files = {p.name for p in KUBE.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(_kustomization()["resources"]) == files


@pytest.mark.parametrize("manifest", MANIFESTS, ids=["/".join(_key(m)) for m in MANIFESTS])
def test_manifest_is_valid_against_the_kubernetes_schema(manifest: Manifest) -> None:
    # strict: a misspelt field is an error, not silently dropped by the API server
    kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)


@pytest.mark.skipif(
    shutil.which("kubectl") is None, reason="kubectl (with kustomize) not installed"
)
def test_kustomize_renders_the_same_objects_into_one_namespace() -> None:
    out = subprocess.run(
        ["kubectl", "kustomize", str(KUBE)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    rendered = [d for d in yaml.safe_load_all(out) if d]
    assert sorted(map(_key, rendered)) == sorted(map(_key, MANIFESTS))
    for m in rendered:
        kubernetes_validate.validate(m, KUBERNETES_VERSION, strict=True)
        if m["kind"] != "Namespace":
            assert m["metadata"]["namespace"] == "nrwbot", _key(m)


def test_rasa_runs_several_ready_checked_replicas_that_scale() -> None:
    rasa = _named("Deployment", "nrwbot-rasa")
    assert rasa["spec"]["replicas"] >= 2
    container = rasa["spec"]["template"]["spec"]["containers"][0]
    # Ready only with a model loaded (connectors/rest.py): "/" answers before that.
    assert container["readinessProbe"]["httpGet"]["path"] == "/webhooks/rest/ready"
    assert "livenessProbe" in container
    assert rasa["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    memory = container["resources"]["requests"]["memory"]
    assert memory.endswith("Mi") and int(memory[:-2]) >= 1500, "a replica needs ~1.5 GB"
    hpa = _named("HorizontalPodAutoscaler", "nrwbot-rasa")
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "nrwbot-rasa",
    }
    assert hpa["spec"]["minReplicas"] >= 2
    pdb = _named("PodDisruptionBudget", "nrwbot-rasa")
    assert pdb["spec"]["selector"]["matchLabels"] == rasa["spec"]["selector"]["matchLabels"]
    assert 1 <= pdb["spec"]["minAvailable"] < hpa["spec"]["minReplicas"]


def test_rasa_endpoints_are_those_of_the_local_cluster() -> None:
    data = _named("ConfigMap", "nrwbot-rasa")["data"]
    endpoints = yaml.safe_load(data["endpoints.yml"])
    assert endpoints == yaml.safe_load((ROOT / "endpoints-cluster.yml").read_text()), (
        "deploy/kubernetes/config.yaml and endpoints-cluster.yml differ: copy the change over"
    )
    assert endpoints["lock_store"]["type"] in {"redis", "nrwbot.lock_store.UrlLockStore"}
    assert endpoints["models"]["wait_time_between_pulls"] > 0
    rasa = _named("Deployment", "nrwbot-rasa")["spec"]["template"]["spec"]["containers"][0]
    env = {var["name"]: var for var in rasa["env"]}
    for placeholder in re.findall(r"\$\{(\w+)\}", data["endpoints.yml"]):
        assert placeholder in env, (
            f"endpoints.yml needs {placeholder}, the Rasa pod does not set it"
        )
    assert env["NRWBOT_TRACKER_STORE_URL"]["value"].startswith("postgresql://")
    assert "@nrwbot-postgres:" in env["NRWBOT_TRACKER_STORE_URL"]["value"]
    assert env["NRWBOT_LOCK_STORE_URL"]["value"].startswith("redis://")
    for name in ("NRWBOT_API_TOKEN", "NRWBOT_DATA_KEY", "NRWBOT_SESSION_SECRET"):
        assert "secretKeyRef" in env[name]["valueFrom"], name


def test_rasa_channels_are_those_of_the_repository_without_demo_origins() -> None:
    deployed = yaml.safe_load(_named("ConfigMap", "nrwbot-rasa")["data"]["credentials.yml"])
    local = yaml.safe_load((ROOT / "credentials.yml").read_text())
    assert deployed["connectors.socketio.WebChatInput"].pop("local_origin_tenants") == []
    local["connectors.socketio.WebChatInput"].pop("local_origin_tenants", None)
    assert deployed == local


def test_databases_are_external_services() -> None:
    assert not _of_kind("StatefulSet")
    for name in ("nrwbot-postgres", "nrwbot-redis"):
        assert _named("Service", name)["spec"]["type"] == "ExternalName"


def test_only_the_ingress_exposes_anything() -> None:
    for service in _of_kind("Service"):
        assert service["spec"].get("type", "ClusterIP") in {"ClusterIP", "ExternalName"}, (
            f"Service {service['metadata']['name']} is reachable from outside the cluster"
        )
        assert service["spec"].get("sessionAffinity", "None") == "None"


def _ingress_backends() -> dict[str, set[tuple[str, str]]]:
    """Ingress name -> {(host, path)} per Service it routes to, keyed `ingress:service`."""
    routes: dict[str, set[tuple[str, str]]] = {}
    for ingress in _of_kind("Ingress"):
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                key = f"{ingress['metadata']['name']}:{path['backend']['service']['name']}"
                routes.setdefault(key, set()).add((rule["host"], path["path"]))
    return routes


def test_ingress_reaches_only_the_chat_paths_of_rasa_and_the_admin_on_its_own_host() -> None:
    routes = _ingress_backends()
    services = {key.split(":")[1] for key in routes}
    assert services == {"nrwbot-rasa", "nrwbot-admin"}, "action server and backend stay internal"
    chat = routes["nrwbot-chat:nrwbot-rasa"]
    assert {path for _, path in chat} == CHAT_PATHS
    assert not any(key.startswith("nrwbot-chat:") for key in routes if "admin" in key)
    admin_hosts = {host for host, _ in routes["nrwbot-admin:nrwbot-admin"]}
    assert admin_hosts.isdisjoint({host for host, _ in chat})
    admin = _named("Ingress", "nrwbot-admin")["metadata"]["annotations"]
    assert admin.get("nginx.ingress.kubernetes.io/whitelist-source-range"), "admin is allow-listed"


def test_ingress_routing_is_sticky_free() -> None:
    for ingress in _of_kind("Ingress"):
        annotations = ingress["metadata"].get("annotations") or {}
        sticky = [key for key in annotations if AFFINITY.search(key)]
        assert not sticky, f"Ingress {ingress['metadata']['name']} pins clients: {sticky}"
        assert ingress["spec"].get("tls"), "TLS ends at the Ingress"


def test_every_container_is_limited_and_unprivileged() -> None:
    for owner, pod, container in _containers():
        limits = container.get("resources", {}).get("limits", {})
        assert {"cpu", "memory"} <= set(limits), f"{owner} has no cpu/memory limits"
        assert container["resources"].get("requests"), f"{owner} has no requests"
        context = container.get("securityContext", {})
        non_root = context.get("runAsNonRoot", pod.get("securityContext", {}).get("runAsNonRoot"))
        assert non_root is True, f"{owner} may run as root"
        assert context.get("allowPrivilegeEscalation") is False, owner
        assert context.get("readOnlyRootFilesystem") is True, owner
        assert context.get("capabilities", {}).get("drop") == ["ALL"], owner
        assert container["image"] == IMAGE, owner
        assert pod.get("automountServiceAccountToken") is False, owner


def test_no_manifest_holds_a_secret_value() -> None:
    assert not _of_kind("Secret"), "Secrets are created with kubectl (docs/deployment.md)"
    for owner, _pod, container in _containers():
        defined: set[str] = set()
        secret_vars = set()
        for var in container.get("env", []):
            name, value = var["name"], var.get("value")
            if SECRET_NAME.search(name):
                assert value is None, f"{owner}: {name} has a literal value"
                assert "secretKeyRef" in var["valueFrom"], f"{owner}: {name} not from a Secret"
            if "secretKeyRef" in var.get("valueFrom", {}):
                secret_vars.add(name)
            for password in URL_PASSWORD.findall(value or ""):
                match = re.fullmatch(r"\$\((\w+)\)", password)
                assert match and match[1] in secret_vars, f"{owner}: {name} has a literal password"
            for reference in re.findall(r"\$\((\w+)\)", value or ""):
                # Kubernetes expands $(VAR) only from variables listed before this one.
                assert reference in defined, f"{owner}: {name} uses $({reference}) before it is set"
            defined.add(name)
    for config in _of_kind("ConfigMap"):
        for key, value in config["data"].items():
            assert not SECRET_NAME.search(key), f"ConfigMap {config['metadata']['name']}: {key}"
            assert not URL_PASSWORD.search(value.replace("${", "")), key


def _secret_keys() -> set[tuple[str, str]]:
    keys = set()
    for _owner, pod, container in _containers():
        for var in container.get("env", []):
            ref = var.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                keys.add((ref["name"], ref["key"]))
        for volume in pod.get("volumes", []):
            if "secret" in volume:
                keys.add((volume["secret"]["secretName"], ""))
    return keys


def test_every_secret_the_pods_read_is_created_in_the_docs() -> None:
    docs = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    commands = re.findall(r"kubectl[^\n]*create secret generic (\S+)((?:.*\\\n)*.*)", docs)
    created = {name: body for name, body in commands}
    for secret, key in _secret_keys():
        assert secret in created, f"docs/deployment.md does not create Secret {secret}"
        assert f"{key}=" in created[secret], f"docs/deployment.md does not set {secret}/{key}"


def test_config_maps_the_pods_read_exist_or_are_created_in_the_docs() -> None:
    docs = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    shipped = {m["metadata"]["name"]: m for m in _of_kind("ConfigMap")}
    for owner, pod, container in _containers():
        for var in container.get("env", []):
            ref = var.get("valueFrom", {}).get("configMapKeyRef")
            if ref:
                assert ref["key"] in shipped[ref["name"]]["data"], f"{owner}: {ref}"
        for volume in pod.get("volumes", []):
            name = volume.get("configMap", {}).get("name")
            if name and name not in shipped:
                assert f"create configmap {name}" in docs, f"{owner}: ConfigMap {name}"


def test_every_service_selects_pods_on_a_declared_port() -> None:
    pods = {m["metadata"]["name"]: m["spec"]["template"] for m in _of_kind("Deployment")}
    for service in _of_kind("Service"):
        if service["spec"]["type"] == "ExternalName":
            continue
        selector = service["spec"]["selector"]
        matching = [t for t in pods.values() if selector.items() <= t["metadata"]["labels"].items()]
        assert len(matching) == 1, f"Service {service['metadata']['name']} selects {matching}"
        ports = {p["name"] for c in matching[0]["spec"]["containers"] for p in c["ports"]}
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in ports, service["metadata"]["name"]


def _sources(peer: Manifest) -> tuple[str, str]:
    if "namespaceSelector" in peer:
        namespace = peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
        return ("namespace", namespace)
    return ("pods", _component(peer["podSelector"]["matchLabels"]) or "?")


def test_network_policies_admit_only_the_intended_callers() -> None:
    policies = _of_kind("NetworkPolicy")
    assert any(p["spec"]["podSelector"] == {} and "ingress" not in p["spec"] for p in policies), (
        "no default-deny policy"
    )
    for component, expected in ALLOWED_SOURCES.items():
        admitted = set()
        for policy in policies:
            selected = _component(policy["spec"]["podSelector"].get("matchLabels"))
            if selected == component:
                for rule in policy["spec"].get("ingress", []):
                    assert rule.get("from"), f"{policy['metadata']['name']} admits everyone"
                    admitted |= {_sources(peer) for peer in rule["from"]}
        assert admitted == expected, f"{component} is reachable from {admitted}"


def test_containerfile_installs_the_pins_builds_spacy_and_trains_nothing() -> None:
    text = (ROOT / "deploy" / "Containerfile").read_text(encoding="utf-8")
    instructions = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    body = "\n".join(instructions)
    assert "FROM ${PYTHON_IMAGE} AS build" in body and body.count("FROM ") == 2
    assert "-c requirements/constraints.txt" in body
    assert "build_pipeline" in body
    assert "nrwbot train" not in body and "rasa train" not in body
    assert re.search(r"^USER 10001", body, re.MULTILINE)
    python = re.search(r"python:(\d+\.\d+)", body)
    assert python and python[1] == "3.10"


def _table_values(docs: str) -> dict[str, float]:
    """Symbols of the sizing assumptions; R and M take their worked-example column."""
    values = {}
    for symbol, _meaning, value, example in re.findall(
        r"^\| `(\w)` \| ([^|]+) \| ([^|]+) \|(?: ([^|]+) \|)?$", docs, re.MULTILINE
    ):
        values[symbol] = float((example or value).strip().replace(",", ""))
    return values


def test_sizing_table_follows_from_its_assumptions() -> None:
    docs = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    assert "How these figures are measured" in docs
    for symbol in ("R", "M"):  # measured by `nrwbot bench`, with the date of the run
        assert re.search(
            rf"^\| `{symbol}` \| [^|]+ \| [\d.]+ \([^|]*nrwbot bench[^|]*\d{{4}}-\d\d-\d\d",
            docs,
            re.MULTILINE,
        ), f"the sizing table's {symbol} holds no bench figure with its date"
    v = _table_values(docs)
    rows = re.findall(
        r"^\| ([^|]+) \| ([\d,]+) \| (\d+) \| ([\d.]+) \| (\d+) \| ([\d.]+) GB \|$",
        docs,
        re.MULTILINE,
    )
    assert len(rows) >= 4, "the sizing table lost its rows"
    for scenario, inhabitants, event, peak, replicas, memory in rows:
        people = float(inhabitants.replace(",", ""))
        expected_peak = people * v["c"] * v["m"] / v["D"] * v["h"] / 3600 * v["b"] * int(event)
        assert float(peak) == pytest.approx(expected_peak, rel=0.05), scenario
        needed = max(2, -(-expected_peak // (v["u"] * v["R"])) + 1)  # N+1, never fewer than 2
        assert int(replicas) == needed, scenario
        assert float(memory) == pytest.approx(needed * v["M"], abs=0.05), scenario
