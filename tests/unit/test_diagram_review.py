"""The structural review: each check with a diagram that triggers it and one that does not."""

from __future__ import annotations

from handlers.diagrams.kinds import Kind
from handlers.diagrams.parse import parse
from handlers.diagrams.review import (
    Traits,
    fragile_writes,
    missing_components,
    review,
    single_points,
    sync_chain,
    traits_of,
    uncached_reads,
)
from question_bank import Area, load_bank

SIMPLE = "flowchart LR\n U[User] --> LB[Load balancer] --> API[Order service] --> DB[(Orders DB)]"
REPLICATED = (
    "flowchart LR\n U[User] --> LB[Load balancer pair] --> API1[Order service] & API2[Order service]\n"
    " API1 & API2 --> DB[(Orders DB primary)]"
)


def test_a_lonely_database_on_the_request_path_is_a_single_point_of_failure() -> None:
    (finding,) = single_points(parse(SIMPLE), said="")
    assert finding.area is Area.FAILURE
    assert "Orders DB" in finding.probe and "fails over" not in finding.probe


def test_replicas_drawn_or_said_clear_the_single_point_of_failure() -> None:
    assert single_points(parse(REPLICATED), said="") == []
    said = (
        "The Orders DB has two read replicas with automatic failover. The load balancer is a multi-AZ pair. "
        "We run three order service instances."
    )
    assert single_points(parse(SIMPLE), said=said) == []


def test_a_replica_said_about_another_node_does_not_clear_this_one() -> None:
    (finding,) = single_points(parse(SIMPLE), said="The load balancer and the order service run as 3 instances.")
    assert "Orders DB" in finding.probe


def test_a_long_synchronous_chain_is_found() -> None:
    graph = parse(
        "flowchart LR\n U[Customer] --> G[API gateway] --> O[Order service] --> P[Payment service] --> F[Fraud check]"
        "\n F --> B[Bank]"
    )
    (finding,) = sync_chain(graph)
    assert "Customer → API gateway → Order service → Payment service → Fraud check → Bank" in finding.probe
    assert "4 synchronous hops" in finding.probe


def test_a_queue_or_a_dotted_edge_breaks_the_chain() -> None:
    queued = "flowchart LR\n U[Customer] --> G[API gateway] --> O[Order service] --> Q[[Orders queue]] --> P[Payment]"
    dotted = "flowchart LR\n U[Customer] --> G[API gateway] --> O[Order service] -.-> P[Payment] --> B[Bank]"
    assert sync_chain(parse(queued)) == []
    assert sync_chain(parse(dotted)) == []


def test_three_hops_are_fine() -> None:
    assert (
        sync_chain(parse("flowchart LR\n U[User] --> E[CDN] --> A[API] --> S[Service] --> O[Other] --> D[(DB)]")) == []
    )


def test_a_read_heavy_question_with_no_cache_in_front_of_the_database() -> None:
    (finding,) = uncached_reads(parse(SIMPLE), Traits(read_heavy=True))
    assert finding.area is Area.CACHING and "Orders DB" in finding.probe


def test_a_cache_or_a_write_heavy_question_needs_no_cache_probe() -> None:
    cached = "flowchart LR\n U[User] --> API[Service] --> C[Redis] \n API --> DB[(Orders DB)]"
    assert uncached_reads(parse(cached), Traits(read_heavy=True)) == []
    assert uncached_reads(parse(SIMPLE), Traits(read_heavy=False)) == []


def test_a_durable_question_with_writes_straight_to_the_store() -> None:
    (finding,) = fragile_writes(parse(SIMPLE), Traits(needs_durability=True), said="")
    assert "Order service writes to Orders DB" in finding.probe


def test_a_queue_or_retries_said_clear_the_durability_probe() -> None:
    queued = "flowchart LR\n U[User] --> API[Order service] --> Q[Kafka] --> W[Writer] --> DB[(Orders DB)]"
    assert fragile_writes(parse(queued), Traits(needs_durability=True), said="") == []
    said = "Writes retry with an idempotency key."
    assert fragile_writes(parse(SIMPLE), Traits(needs_durability=True), said=said) == []
    assert fragile_writes(parse(SIMPLE), Traits(needs_durability=False), said="") == []


def test_components_the_question_expects_are_missing() -> None:
    traits = Traits(expected=((Kind.CACHE, "Cache-aside"), (Kind.CDN, "A CDN at the edge")))
    (finding,) = missing_components(parse(SIMPLE), traits)
    assert "a cache and a CDN" in finding.probe and "Cache-aside" in finding.probe


def test_every_expected_component_drawn_means_no_finding() -> None:
    drawn = "flowchart LR\n U[User] --> E[CloudFront CDN] --> API[Service] --> C[(Redis cache)]\n API --> DB[(DB)]"
    traits = Traits(expected=((Kind.CACHE, "Cache-aside"), (Kind.CDN, "A CDN at the edge")))
    assert missing_components(parse(drawn), traits) == []


def test_traits_come_from_the_question_bank() -> None:
    bank = load_bank()
    shortener = traits_of(bank.get("url-shortener"))  # type: ignore[arg-type]
    assert shortener.read_heavy and {kind for kind, _ in shortener.expected} >= {Kind.CACHE, Kind.CDN}
    assert traits_of(bank.get("payment-system")).needs_durability  # type: ignore[arg-type]


def test_a_good_diagram_for_the_url_shortener_has_no_findings() -> None:
    good = parse(
        "flowchart LR\n U[User] --> E[CDN] --> LB[Load balancer pair] --> S1[Redirect service] & S2[Redirect service]\n"
        " S1 & S2 --> C[(Redis cache cluster)]\n S1 & S2 --> DB[(Links DB with replicas)]\n"
        " S1 -. click events .-> K[Kafka] --> A[Analytics]"
    )
    assert review(good, traits_of(load_bank().get("url-shortener")), said="") == []  # type: ignore[arg-type]
