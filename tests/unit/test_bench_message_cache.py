"""The benchmark's browser message cache works as Streamlit's frontend cache does (benchmarks/sessions.py)."""

from __future__ import annotations

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from devtools.protocol import MessageCache, rerun_message


def element(hash_: str, *, cacheable: bool) -> ForwardMsg:
    msg = ForwardMsg()
    msg.hash = hash_
    msg.metadata.cacheable = cacheable
    msg.delta.new_element.markdown.body = "x"
    return msg


def reference(hash_: str) -> ForwardMsg:
    msg = ForwardMsg()
    msg.ref_hash = hash_
    return msg


def new_session(max_age: int) -> ForwardMsg:
    msg = ForwardMsg()
    msg.new_session.config.max_cached_message_age = max_age
    return msg


def test_keeps_only_cacheable_messages_and_names_them_in_the_rerun() -> None:
    cache = MessageCache()
    assert cache.receive(element("big", cacheable=True)) is None
    assert cache.receive(element("small", cacheable=False)) is None
    assert cache.hashes() == ["big"]
    sent = BackMsg()
    sent.ParseFromString(rerun_message("glossary", "page", "", cache.hashes()))
    assert list(sent.rerun_script.cached_message_hashes) == ["big"]


def test_a_reference_to_an_unknown_message_is_a_problem() -> None:
    cache = MessageCache()
    assert cache.receive(reference("never-sent")) is not None
    cache.receive(element("big", cacheable=True))
    assert cache.receive(reference("big")) is None


def test_entries_expire_after_max_age_runs_without_use() -> None:
    cache = MessageCache()
    cache.receive(new_session(1))
    cache.receive(element("kept", cacheable=True))
    cache.receive(element("dropped", cacheable=True))
    cache.run_finished()  # age 1: both kept
    cache.receive(reference("kept"))  # used in run 1
    cache.run_finished()  # "dropped" is 2 runs old, more than max_age 1; "kept" is 1
    assert cache.hashes() == ["kept"]
