from liaison.core.hashchain import GENESIS, Link, event_hash, verify


def chain(payloads):
    links, prev = [], GENESIS
    for seq, payload in enumerate(payloads, start=1):
        h = event_hash(prev, payload)
        links.append(Link(seq, prev, h, payload))
        prev = h
    return links


def test_intact_chain_verifies():
    links = chain([{"a": 1}, {"b": "é"}, {"c": [1, 2]}])
    result = verify(links, expected_count=3, expected_head=links[-1].hash)
    assert result.intact and result.count == 3 and result.head == links[-1].hash


def test_altered_payload_is_named():
    links = chain([{"a": 1}, {"b": 2}, {"c": 3}])
    links[1] = Link(2, links[1].prev_hash, links[1].hash, {"b": 3})
    result = verify(links)
    assert result.broken.seq == 2 and "altered" in result.broken.reason


def test_removed_event_breaks_the_next_link():
    links = chain([{"a": 1}, {"b": 2}, {"c": 3}])
    result = verify([links[0], links[2]])
    assert result.broken.seq == 3 and "removed" in result.broken.reason


def test_removed_tail_is_caught_by_the_anchor():
    links = chain([{"a": 1}, {"b": 2}, {"c": 3}])
    result = verify(links[:2], expected_count=3, expected_head=links[-1].hash)
    assert not result.intact and "missing" in result.broken.reason


def test_key_order_does_not_change_the_hash():
    assert event_hash(GENESIS, {"a": 1, "b": 2}) == event_hash(GENESIS, {"b": 2, "a": 1})
