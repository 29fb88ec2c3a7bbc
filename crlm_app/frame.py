"""The frame around every page: navigation, the share panel (link and QR code for this view), the disclaimer,
the clean content-error page, the favicon.
"""

from __future__ import annotations

import base64
import copy
import functools
import threading
from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

import crlm_content
from crlm_content import (
    ContentError,
    memo,
    palette,
    share,
    site,
)

from .markup import ICON_WARNING, md
from .state import keep_page_state, presenting, set_presenting

# The tab icon: a white liver on the palette's blue, as an SVG data URI. Set on purpose: without a page_icon
# Streamlit shows the open page's material icon, which every visitor's browser fetches from Google; an emoji
# loads Streamlit's emoji catalogue (one regular expression of every emoji, 35-100 ms of a new server's first
# run) and shows as an empty box where no emoji font is installed (a projector's PC). A data URI costs one
# import of PIL (~40 ms, once per process) and nothing per rerun.
_FAVICON_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    f'<rect width="64" height="64" rx="14" fill="{palette.BLUE}"/>'
    '<path d="M6 24C6 14 18 10 32 11C46 12 58 14 58 20C58 26 50 30 42 36C34 42 26 52 18 52C10 52 6 40 6 24Z" '
    f'fill="{palette.WHITE}"/></svg>'
)


FAVICON = "data:image/svg+xml;base64," + base64.b64encode(_FAVICON_SVG.encode("ascii")).decode("ascii")


_PAGE_PROTOTYPES: dict[Path, dict[str, list[StreamlitPage]]] = {}


_PROTOTYPES_LOCK = threading.Lock()


def navigation_pages() -> dict[str, list[StreamlitPage]]:
    """``crlm_content.site``'s pages as ``st.Page`` objects by section, for ``st.navigation``.

    Every run gets its own objects: Streamlit marks the page it runs on the object itself
    (``_can_be_called``), so two sessions running one shared page object at once would fail. They are
    shallow copies of a set built once per process, because building an ``st.Page`` resolves and checks
    its file on disk (~0.5 ms a run for the twelve). (Keeping each session's set in its state instead
    added ~3 MB at 50 sessions, measured twice each way.)"""
    ctx = get_script_run_ctx()
    if ctx is None:  # outside a run st.Page builds incomplete objects: never keep those
        return new_navigation_pages()
    main = ctx.pages_manager.main_script_parent
    with _PROTOTYPES_LOCK:
        prototypes = _PAGE_PROTOTYPES.get(main)
        if prototypes is None:
            prototypes = _PAGE_PROTOTYPES[main] = new_navigation_pages()
    return {section: [copy.copy(page) for page in pages] for section, pages in prototypes.items()}


DEFAULT_PAGE_RESERVED_SUFFIX = "-start"


def new_navigation_pages() -> dict[str, list[StreamlitPage]]:
    """A set of ``st.Page`` objects built from ``crlm_content.site``.

    Streamlit serves the default page at ``/`` only, yet reserves its ``url_path``: a typed ``/home`` said
    "Page not found". The default page therefore reserves another name, and a hidden page on the same script
    answers at its ``url_path`` (after it, so links to the script still go to ``/``)."""
    sections: dict[str, list[StreamlitPage]] = {}
    for section, pages in site.sections().items():
        built = sections[section] = []
        for p in pages:
            reserved = p.url_path + DEFAULT_PAGE_RESERVED_SUFFIX if p.default else p.url_path
            built.append(st.Page(p.path, title=p.title, icon=p.icon, url_path=reserved, default=p.default))
        built += [
            st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path, visibility="hidden")
            for p in pages
            if p.default
        ]
    return sections


def open_default_at_root(page: StreamlitPage) -> None:
    """At the default page's hidden alias (a typed ``/home``), switch to the default page itself, with the
    same query parameters, so the address reads ``/`` and the menu marks the page as the one open."""
    if page.visibility != "hidden":
        return
    (default,) = [p for p in site.PAGES if p.default]
    if page.url_path != default.url_path:
        return
    keep_page_state(page.url_path)  # as frame_top does: this run draws no page's widgets
    params = [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
    st.switch_page(default.path, query_params=params)


def content_error_page(error: ContentError) -> None:
    """A clean page naming what is wrong in the data, instead of a traceback."""
    st.title("The content could not be loaded")
    st.error("A data file failed validation, so no page is shown until it is fixed.")
    st.markdown("**What is wrong**")
    st.code(str(error), language=None, wrap_lines=True)
    st.caption("Fix the file named above (see docs/CONTENT_MODEL.md) and reload. " + crlm_content.DISCLAIMER)


# Presenter mode: type for the back row of a room at 1280x720, the page's own content from the top of the
# first screen. Static CSS (no visitor text), scoped to Streamlit's main block. At 1920x1080 captions were
# 16.8 px, a date input's value, badges and a multiselect's chips 14 px: every text here is at least 19 px.
PRESENTER_CSS = """<style>
[data-testid="stHeader"], [data-testid="stToolbar"] { display: none; }
[data-testid="stMainBlockContainer"] { padding-top: 0.5rem; max-width: 100%; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li,
[data-testid="stMainBlockContainer"] label { font-size: 1.45rem; line-height: 1.4; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2.6rem; padding-top: 0; }
[data-testid="stMainBlockContainer"] h2 { font-size: 2.1rem; }
[data-testid="stMainBlockContainer"] h3 { font-size: 1.8rem; }
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"] p { font-size: 1.2rem; }
/* The presenter's own top line (the disclaimer, the way out, the link) stays at 1.05rem: at 1.2rem it wrapped
   to two lines at 1280 px and pushed every page's first screen down by 56 px. */
[data-testid="stMainBlockContainer"] .st-key-presenter-bar [data-testid="stCaptionContainer"] p {
  font-size: 1.05rem; }
[data-testid="stMainBlockContainer"] [data-testid="stMetricValue"],
[data-testid="stMainBlockContainer"] [data-testid="stMetricValue"] p { font-size: 3rem; line-height: 1.2; }
[data-testid="stMainBlockContainer"] input, [data-testid="stMainBlockContainer"] textarea,
[data-testid="stMainBlockContainer"] td, [data-testid="stMainBlockContainer"] th,
[data-testid="stMainBlockContainer"] [data-testid="stDateInputField"] [role="spinbutton"],
[data-testid="stMainBlockContainer"] [data-testid="stDateInputField"] [data-type="literal"] {
  font-size: 1.35rem; }
/* Badges ("caveat 3", "derived") and a multiselect's chosen chips (the Imaging page's studies): 14 px. */
[data-testid="stMainBlockContainer"] .stMarkdownBadge,
[data-testid="stMainBlockContainer"] [data-testid="stMultiSelectTagsContainer"] span {
  font-size: 1.2rem; }
[data-testid="stMainBlockContainer"] .stMarkdownEllipsis,
[data-testid="stMainBlockContainer"] .stMarkdownEllipsis p { white-space: normal; overflow: visible;
  text-overflow: clip; }
/* A data grid is drawn on a canvas that this CSS cannot enlarge: where a page has a list form of a table (its
   phone form, layout.narrow_only), the projector shows the list at the room's type size instead. */
[data-testid="stMainBlockContainer"] [class*="st-key-wide-only-"] { display: none !important; }
[data-testid="stMainBlockContainer"] [class*="st-key-narrow-only-"] { display: flex !important; }
</style>"""


# Every page, sent once a run by ``frame_top``. Static CSS (no visitor text).
# - Up to 640 px wide (a phone; 1280 px at 200% zoom) Streamlit folds the top menu into a collapsed sidebar,
#   moved off screen but live: Tab walked its 19 links, unseen, after "Skip to main content", and axe found
#   its list's items out of the list. Hidden while collapsed, it leaves the tab order and the accessibility
#   tree; the menu button opens it as before (then data-collapsed is "false").
# - Page links (Home's "Start the walkthrough", ...) drew no focus ring (Streamlit sets outline: none): the
#   palette's blue marks where the keyboard is (WCAG 2.4.7). So it does on radio options, checkboxes and
#   toggles, and on the top menu's sections: Streamlit's own signs were a beige tint (about 1.2:1) and a
#   1.5:1 ring, under WCAG 1.4.11's 3:1.
# - A radio's options were 22 px tall and touching (a 13 px button), under WCAG 2.5.8's 24 px: on a phone a
#   wrong tap cast a vote for the option beside. Each option's row is at least 24 px tall, 44 px (a finger's
#   target) up to 640 px wide; in presenter mode the room's type already makes each row over 32 px.
FRAME_CSS = f"""<style>
[data-testid="stSidebar"][data-collapsed="true"] {{ visibility: hidden; }}
[data-testid="stPageLink-NavLink"]:focus-visible, [data-testid="stMainBlockContainer"] a:focus-visible {{
  outline: 2px solid {palette.BLUE} !important; outline-offset: 2px; border-radius: 0.25rem; }}
[data-testid="stRadioOption"]:has(input:focus-visible),
[data-testid="stCheckbox"] label:has(input:focus-visible), [data-testid="stTopNavSection"]:focus-visible {{
  outline: 2px solid {palette.BLUE} !important; outline-offset: 2px; border-radius: 0.25rem; }}
[data-testid="stRadioOption"] {{ display: flex; align-items: center; min-height: 24px; }}
@media (max-width: 640px) {{ [data-testid="stRadioOption"] {{ min-height: 44px; }} }}
</style>"""


def frame_top(page: str = "") -> None:
    """Above every page (``page``: the url path of the one about to run): the share button (link and QR code
    for this view) and the disclaimer; in presenter mode one short line instead (the disclaimer and a way
    out), so the page starts at the top."""
    keep_page_state(page)
    st.html(FRAME_CSS)
    if presenting():
        st.html(PRESENTER_CSS)
        with st.container(horizontal=True, vertical_alignment="center", key="presenter-bar"):
            st.caption(f"{ICON_WARNING} {crlm_content.DISCLAIMER}")
            st.button(  # tertiary: small enough to stay beside the disclaimer at 150% zoom
                "Leave presenter mode",
                on_click=set_presenting,
                args=(False,),
                key="present_off",
                type="tertiary",
            )
            if page not in _NO_SHARE:  # the view's link and QR code for the room, without leaving the mode
                share_panel("Link and QR code")
        return
    if page not in _NO_SHARE:
        share_panel()
    st.caption(f"{ICON_WARNING} {crlm_content.DISCLAIMER}")


# Pages without the share button: the audience's phone page, where it only pushed the code field down.
_NO_SHARE = frozenset(p.url_path for p in site.PAGES if not p.share)


def frame_bottom() -> None:
    st.caption(
        f"{crlm_content.DISCLAIMER} {crlm_content.SOURCE_CITATION} "
        f"Last content review: {crlm_content.LAST_CONTENT_REVIEW}."
    )


QR_PANEL_PX = 240  # at most, in the panel: a whole number of pixels per module, never a scaled image


def share_panel(label: str = "Share or present this view") -> None:
    """Link and QR code that reopen exactly this view: for slides, handouts and the room's phones. On a
    running room's presenter page (``share.shared_view``) they are the room's audience link instead: the
    presenter's own link, with its key, stays on the presenter's screen, marked private. In presenter mode
    (``label`` "Link and QR code") the same, without the switch into the mode it is already in."""
    panel = st.popover(label, icon=":material/qr_code_2:", key="share_panel", on_change="rerun")
    if st.session_state.pop(QR_FULL_ASKED, False):
        try:
            view = share.shared_view(st.context.url or "", dict(st.query_params))
            full_screen_qr(
                view.link, "Scan to join the room" if view.room else "Scan to open this view", view.room
            )
        except ValueError:  # (the panel said so when it offered the button)
            pass
    if not panel.open:
        return  # built only when opened: the QR image is the costliest element of the frame
    with panel:
        try:
            view = share.shared_view(st.context.url or "", dict(st.query_params))
        except ValueError:
            st.caption("The link to this view is not available here.")
            return
        link = view.link
        if not presenting():
            st.button(
                "Presenter mode",
                icon=":material/co_present:",
                on_click=set_presenting,
                args=(True,),
                key="present_on",
            )
        if view.room:
            st.caption(
                f"The audience link of room {md(view.room)}: phones open the room's question with it. "
                "The presenter's own link is private (on the presenter's screen)."
            )
        elif presenting():  # the link never carries the mode (share.view_link leaves FRAME_PARAMS out)
            st.caption(
                "This link opens the ordinary page with the same settings, not presenter mode: add "
                f"`{'&' if '?' in link else '?'}present=1` at its end to open it in presenter mode."
            )
        else:
            st.caption("Anyone opening this link sees the same settings.")
        st.code(link, language=None, wrap_lines=True)
        try:
            scale = share.qr_scale(link, QR_PANEL_PX)
            st.image(
                memo.cached(share.qr_png, link, scale=scale),  # the one memo policy: per input, bounded
                caption="Scan to join the room" if view.room else "Scan to open this view",
                width=share.qr_modules(link) * scale,
                alt=qr_alt(view.room),  # the image had no name: a screen reader met a bare "img"
            )
        except ValueError as error:
            st.caption(f"No QR code: {md(str(error))}.")
            return
        with st.container(horizontal=True):
            if presenting():  # the panel closes and the code fills the window
                st.button(
                    "Full screen", icon=":material/fullscreen:", key="share_qr_full", on_click=_full_screen
                )
            st.download_button(  # made when clicked
                "QR code (PNG)",
                data=functools.partial(share.qr_png, link, scale=share.QR_DOWNLOAD_SCALE),
                file_name="qr-code.png",
                mime="image/png",
                icon=":material/download:",
                on_click="ignore",
                key="share_qr_png",
            )
            st.download_button(
                "QR code (SVG)",
                data=functools.partial(share.qr_svg, link),
                file_name="qr-code.svg",
                mime="image/svg+xml",
                icon=":material/download:",
                on_click="ignore",
                key="share_qr_svg",
            )


# The full-screen QR code: the dialog over the whole window, the code as tall as the window leaves it (an SVG:
# sharp at any size). In the 240 px panel the walkthrough's 365-character link, 85 modules, was 2 px a module:
# unreadable from the back of a room. Static CSS, no visitor text.
QR_FULL_KEY = "share_qr_full_view"
QR_FULL_CSS = f"""<style>
[data-testid="stDialog"]:has(.st-key-{QR_FULL_KEY}) {{ padding: 0 !important; }}
[data-testid="stDialog"]:has(.st-key-{QR_FULL_KEY}) > div {{ margin: 0 !important; }}
section[role="dialog"]:has(.st-key-{QR_FULL_KEY}) {{ height: 100vh !important; max-height: 100vh !important;
  border-radius: 0 !important; }}
section[role="dialog"]:has(.st-key-{QR_FULL_KEY}) h2 {{ padding: 0.5rem 1.5rem 0 !important; }}
section[role="dialog"]:has(.st-key-{QR_FULL_KEY}) > div {{ padding: 0 1rem 0.25rem !important; }}
.st-key-{QR_FULL_KEY} [data-testid="stFullScreenFrame"] {{ display: flex; justify-content: center; }}
.st-key-{QR_FULL_KEY} img {{ height: auto !important; max-width: none !important;
  width: min(calc(100vh - {share.QR_FULL_CHROME_PX}px), calc(100vw - 4rem)) !important; }}
</style>"""


QR_FULL_ASKED = "_share_qr_full_asked"


def _full_screen() -> None:
    st.session_state["share_panel"] = False  # the open panel would sit over the code
    st.session_state[QR_FULL_ASKED] = True


def qr_alt(room: str) -> str:
    """The QR code's text alternative: what scanning it opens."""
    return "QR code of the room's audience link" if room else "QR code of this view's link"


def full_screen_qr(link: str, title: str, room: str = "") -> None:
    """``link``'s QR code over the whole window, for the room's phones (the dialog's close button or Esc
    goes back)."""

    def view() -> None:
        st.html(QR_FULL_CSS)
        with st.container(key=QR_FULL_KEY, horizontal_alignment="center"):
            st.image(memo.cached(share.qr_svg, link).decode("utf-8"), width="stretch", alt=qr_alt(room))

    st.dialog(title, width="large")(view)()
