"""The frame every chart shares: the Okabe-Ito palette, fonts that read on a projector, a white
background, and a source line under the plot area naming the reference numbers.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import plotly.graph_objects as go

from .. import memo, palette

BASE_FONT_SIZE = 16
PLOTLY_CONFIG: dict[str, object] = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


# The frame's geometry, in pixels: plotly places a legend or a note at a fraction of the plot's height, so a
# fraction that fits one chart height crowds or cuts off another; these are converted for each chart.
AXIS_PX = 56  # under the plot: tick labels and an axis title
LEGEND_ROW_PX = 24  # one legend row; a horizontal legend wraps onto more rows on a phone
SOURCE_LINE_PX = 18  # one line of the source note
# Characters per line of the source note, for the narrowest screen (``PHONE_PLOT_PX``): the note starts 10 px
# into the figure, leaving 278 px, and a line of the notes' 13 px text runs up to ~6.8 px a character (digits
# and percents: 46 characters, the limit for a 360 px phone, drew 312 px and ran 34 px off a 320 px screen).
SOURCE_WRAP = 40
TOP_PX = 60  # the title, one line
TITLE_LINE_PX = 26  # each further line of the title

# A title line's room: the narrowest screen is WCAG's reflow width, 320 px (a phone, or 1280 px at 400%
# zoom), whose chart is 288 px wide (Streamlit's padding taken off); the title starts 4 px in, and 4 px are
# kept for the estimate's error (it over-estimates: "CT sensitivity in PROMETEO-01 [69]," is 316.5 px here
# and 316.2 px drawn; 12 px kept sent "[69]," to a third line). Titles are wrapped by their width on screen,
# not by a count of characters: 40 characters ("10 true lesions: about 9 found, 1 missed") took 348 px and
# lost their last word on a 360 px phone. (Made for 360 px, a title ran 32 px past a 320 px screen's chart.)
PHONE_PLOT_PX = 288
TITLE_INSET_PX = 4
TITLE_PX = PHONE_PLOT_PX - TITLE_INSET_PX - 4
# Streamlit's chart theme writes the title in bold Source Sans; at the title's 20 px, each character's
# advance in px as Chromium draws it (SVG getComputedTextLength of ten in a row, rounded up to 0.1 px).
_TITLE_GLYPHS = (
    (" ", 4),
    ("|", 5.4),
    ("ij", 5.6),
    ("l", 5.8),
    ("',.:;·‘’", 6),
    ("I", 6.1),
    ("f", 6.6),
    ("-", 6.7),
    ("!/\\", 6.8),
    ("()[]{}", 6.9),
    ("t°", 7.3),
    ("r", 8),
    ("cs", 8.9),
    ("*z", 9.2),
    ("?", 9.3),
    ("J", 9.5),
    ("–", 9.6),
    ("_", 10),
    ("x", 10.3),
    ("Leé", 10.4),
    ("FYvy", 10.5),
    ("#$+0123456789<=>^a~±×≤≥", 10.6),
    ("Zg", 10.7),
    ('"S“”', 10.8),
    ("CEk", 11),
    ("`o", 11.1),
    ("T", 11.2),
    ("V", 11.3),
    ("Xu", 11.4),
    ("Abdhnpq", 11.5),
    ("µ", 11.9),
    ("P", 12),
    ("B", 12.1),
    ("KR", 12.3),
    ("→", 12.4),
    ("D", 12.7),
    ("G", 12.8),
    ("NU", 13.3),
    ("&", 13.4),
    ("H", 13.5),
    ("OQ", 13.7),
    ("M", 15.3),
    ("w", 15.6),
    ("—", 16),
    ("W", 16.3),
    ("%m", 17.2),
    ("@", 18.1),
    ("…", 19.6),
)
TITLE_CHAR_PX = {char: px for chars, px in _TITLE_GLYPHS for char in chars}
TITLE_CHAR_PX_UNKNOWN = max(TITLE_CHAR_PX.values())  # a character not measured counts as the widest
TITLE_FONT_PX = BASE_FONT_SIZE + 4  # the title's size, at which the widths were measured (20 px)


def _protect(text: str) -> str:
    """Spaces inside brackets or parentheses made unbreakable (restored by ``_restore``)."""
    depth, chars = 0, []
    for char in text:
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        chars.append("\u00a0" if char == " " and depth > 0 else char)
    return "".join(chars)


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, broken at spaces only (not inside PET-CT or a long word)."""
    return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)


def _restore(lines: list[str]) -> list[str]:
    return [line.replace("\u00a0", " ") for line in lines]


def wrap_note(text: str, width: int = SOURCE_WRAP) -> list[str]:
    """A note as lines of at most ``width`` characters (explicit ``<br>`` breaks kept), broken at spaces but
    never inside a bracket, so "[18, 108-112]" stays whole."""
    lines: list[str] = []
    for part in text.split("<br>"):
        lines += _restore(_wrap(_protect(part), width)) or [""]
    return lines


def title_px(text: str) -> float:
    """How wide ``text`` is drawn as a chart's title (bold, ``TITLE_FONT_PX``), in px."""
    return sum(TITLE_CHAR_PX.get(char, TITLE_CHAR_PX_UNKNOWN) for char in text.replace("\u00a0", " "))


# Words a line reads well starting with, and badly ending with: a break goes before "by their stance", not
# after "by" ("The guidelines by year, by / their stance"), and a line ends on "about", "the" or a count
# ("about / 9 found") only when nothing else fits. Prepositions and conjunctions, lower case; a word ending
# in punctuation is a good place to break whatever it is.
_LINKING_WORDS = (
    "after against and as at before between beyond by during for from in into of on or over per than "
    "through to under until versus vs vs. when while with within without"
)
_LEADING_WORDS = frozenset(_LINKING_WORDS.split())
_TRAILING_WORDS = _LEADING_WORDS | frozenset(("a", "about", "an", "its", "not", "no", "the", "their", "this"))
# What a break costs, in the units of a line's squared slack (a share of the limit): nothing after a comma
# or a colon, little before a preposition, more between two words that read together ("5-year / survival"),
# most after a preposition, an article or a count; and a short last word alone on its line ("resection").
_BREAK_AFTER_PUNCTUATION = 0.0
_BREAK_BEFORE_PREPOSITION = 0.05
_BREAK_BETWEEN_WORDS = 0.15
_BREAK_AFTER_FUNCTION_WORD = 0.5
_LONE_SHORT_WORD = 0.3


def _title_words(title: str, limit: float, measure: Callable[[str], float]) -> list[str]:
    """The title's unbreakable runs: its words, a bracket kept whole ("[18, 108-112]") and a citation
    joined to the word before it ("PROMETEO-01 [69],"), so that no line starts with one, unless the two
    do not fit one line together."""
    words: list[str] = []
    for word in _protect(title).split(" "):
        if not word:
            continue
        if words and word.startswith("[") and measure(joined := f"{words[-1]}\u00a0{word}") <= limit:
            words[-1] = joined
        else:
            words.append(word)
    return words


def _break_cost(before: str, after: str) -> float:
    """What a line break between the words ``before`` and ``after`` costs (``_BREAK_*``)."""
    if before[-1] in ",:;":
        return _BREAK_AFTER_PUNCTUATION
    if before.lower() in _TRAILING_WORDS or any(char.isdigit() for char in before):
        return _BREAK_AFTER_FUNCTION_WORD  # "about / 9", "by / their", "10 / true lesions"
    if after[0].isdigit():
        return _BREAK_AFTER_FUNCTION_WORD  # a name's number or a figure's value: "EORTC / 40983", "CEA / 200"
    if after.lower() in _LEADING_WORDS:
        return _BREAK_BEFORE_PREPOSITION
    return _BREAK_BETWEEN_WORDS


def wrap_title(title: str, width: int | None = None, *, limit_px: float = TITLE_PX) -> list[str]:
    """A title in as few lines as it can have, and of those breaks the one that reads best: lines of even
    length (squared slack under the limit), broken after a comma or a colon or before a preposition rather
    than after "about" or "by", no short word alone on the last line (``_break_cost``). Broken at spaces
    only, never inside a bracket nor before a citation ("PROMETEO-01 [69]," stays whole). Each line fits
    ``limit_px`` (a phone's ``TITLE_PX`` unless the chart is drawn only wider) as drawn in the title's font,
    or with ``width`` (a panel heading's, in another font) has at most that many characters. A word wider
    than the limit has a line of its own.

    One figure serves every screen, so a title is broken for the narrowest: the best breaks at a phone's
    width are the ones a desktop and a projector show too.
    """
    measure: Callable[[str], float] = len if width is not None else title_px
    limit = float(width) if width is not None else float(limit_px)
    words = _title_words(title, limit, measure)
    if len(words) <= 1 or measure(" ".join(words)) <= limit:
        return _restore([" ".join(words)])
    # best[j]: the fewest lines for the first j words, then the lowest cost, and where its last line starts
    best: list[tuple[int, float, int]] = [(0, 0.0, 0)]
    for end in range(1, len(words) + 1):
        options = []
        for start in range(end):
            line = " ".join(words[start:end])
            width_of_line = measure(line)
            if width_of_line > limit and end - start > 1:
                continue
            count, cost, _ = best[start]
            cost += (max(limit - width_of_line, 0.0) / limit) ** 2
            if start > 0:
                cost += _break_cost(words[start - 1], words[start])
            if end == len(words) and start > 0 and end - start == 1 and width_of_line < limit / 3:
                cost += _LONE_SHORT_WORD
            options.append((count + 1, cost, start))
        best.append(min(options))
    lines: list[str] = []
    end = len(words)
    while end > 0:
        start = best[end][2]
        lines.append(" ".join(words[start:end]))
        end = start
    return _restore(lines[::-1])


def _legend_entries(fig: go.Figure) -> int:
    return sum(1 for trace in fig.data if trace.name and trace.showlegend is not False)


def apply_frame(
    fig: go.Figure,
    *,
    title: str,
    source: str,
    height: int = 420,
    legend: bool | None = None,
    above_px: int = 0,
    axis_px: int = AXIS_PX,
    labels_px: int = 0,
    width_px: int = PHONE_PLOT_PX,
) -> go.Figure:
    """The shared look: readable title and labels, colour-blind-safe colours, the source under the chart.

    Under the plot, in this order: the axis (``axis_px``), the legend if one shows (``legend``: None = as
    plotly decides from the traces; build the traces first), then the source note, wrapped to read on a
    phone. ``above_px`` keeps room between title and plot (labels drawn above the plot); ``labels_px``, how
    far long category labels reach left of the plot, moves the note there so that a phone shows it whole.
    Set the layout's margins and legend here only: ``height`` is the whole figure, the plot gets the rest.
    ``width_px``: the narrowest the chart is drawn (a 320 px screen's unless a page shows this form only on
    wider screens): the title and the source note are wrapped to it, their lines as much longer as it is
    wider, so a chart for wide screens does not spend a phone's lines of height on them.
    """
    lines = wrap_note(source, SOURCE_WRAP * width_px // PHONE_PLOT_PX)
    title_lines = wrap_title(title, limit_px=TITLE_PX + width_px - PHONE_PLOT_PX)
    entries = _legend_entries(fig)
    if legend is None:  # as plotly decides: shown from two named traces on, unless the layout says otherwise
        legend = fig.layout.showlegend is True or (fig.layout.showlegend is not False and entries >= 2)
    # A row per entry: on a phone each entry of a horizontal legend takes a row of its own (plotly gives every
    # item the widest one's width once they do not fit one row), however many there are. Kept to three, a
    # fifth stance's legend ran two rows into the source note under the guideline timeline at 390 px.
    rows = max(entries, 1) if legend else 0
    top = TOP_PX + (len(title_lines) - 1) * TITLE_LINE_PX + above_px
    bottom = axis_px + rows * LEGEND_ROW_PX + len(lines) * SOURCE_LINE_PX + 10
    plot_px = max(height - top - bottom, 1)
    fig.update_layout(
        title={  # hung from the top of the figure: a second line grows down into its own room
            "text": "<br>".join(title_lines),
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            # Plotly lifts a title of several lines by about half a line per line: pushed back down.
            "pad": {"t": 14 + 12 * (len(title_lines) - 1)},
            "font": {"size": TITLE_FONT_PX},
        },
        font={"size": BASE_FONT_SIZE, "color": palette.BLACK},
        colorway=list(palette.SEQUENCE),
        # No plotly template: "plotly_white" alone was 70% of each chart's JSON and of its serialising time,
        # and Streamlit's chart theme restyles the chart anyway. White and light grid lines are set here.
        template="none",
        paper_bgcolor=palette.WHITE,
        plot_bgcolor=palette.WHITE,
        height=height,
        margin={"l": 10, "r": 10, "t": top, "b": bottom},
        showlegend=rows > 0,
        legend={"orientation": "h", "yanchor": "top", "y": -axis_px / plot_px, "x": 0},
    )
    # Tick labels and axis titles in the palette's grey and black: Streamlit's chart theme otherwise draws
    # them in a light grey (#808495, 3.7:1 on white), under the 4.5:1 that text of this size needs.
    axes = {
        "gridcolor": palette.GRID,
        "zerolinecolor": palette.GRID,
        "linecolor": palette.GREY,
        "tickfont": {"color": palette.GREY},
        "title": {"font": {"color": palette.BLACK}},
    }
    fig.update_xaxes(**axes)
    fig.update_yaxes(**axes)
    fig.add_annotation(
        name=SOURCE_NOTE,  # found again by ``source_note``: the chart's text alternative says it too
        text="<br>".join(lines),
        xref="paper",
        yref="paper",
        x=0,
        y=-(bottom - 4) / plot_px,  # the note's last line at the foot of the figure
        yanchor="bottom",
        xshift=-labels_px,
        showarrow=False,
        xanchor="left",
        align="left",
        font={"size": BASE_FONT_SIZE - 3, "color": palette.GREY},
    )
    return fig


SOURCE_NOTE = "source note"  # the name of the frame's note among a figure's annotations


def source_note(fig: go.Figure) -> str:
    """The source note ``apply_frame`` put under ``fig``, as one line ("" when it has none)."""
    for note in fig.layout.annotations:
        if note.name == SOURCE_NOTE:
            return " ".join(str(note.text or "").split("<br>"))
    return ""


def described(alt: str, fig: go.Figure) -> str:
    """A chart's text alternative: its ``alt``, then the source note the chart shows under it (its
    references, its rules, what is derived), unless ``alt`` says it already. A description without it left
    out what the chart names: "Threshold: >= 20% (ref. [93])" was on the chart, not in its description."""
    note = source_note(fig)
    if not note or note in alt:
        return alt
    return f"{alt.rstrip()} Note under the chart: {note}"


PROJECTOR_TEXT_SCALE = 1.25  # the figure, its margins and its title in presenter mode
# The least size of any text a chart draws in presenter mode: at 1920x1080 the room read ticks, legends,
# in-chart labels and source notes at 16 px (the notes' 13 px and labels' 13-14 px only a quarter larger).
PROJECTOR_MIN_FONT_PX = 20
PROJECTOR_AXIS_TITLE_PX = PROJECTOR_MIN_FONT_PX + 2
LINE_HEIGHT = 1.3  # a line of plotly's text, as a share of its font size (measured: 18 px for 13 px, 2 lines)
# Kept between the tick labels and the grown note (the Trials chart's two-line arm names touched it), and at
# the sides, for half an edge tick label ("0%" under the remnant's bar was dropped at a 12 px margin).
PROJECTOR_NOTE_GAP_PX = 8
PROJECTOR_SIDE_PX = 24


def projector_font_px(size: float | None) -> int:
    """A text's size in presenter mode: a quarter larger, and never under ``PROJECTOR_MIN_FONT_PX``."""
    return max(PROJECTOR_MIN_FONT_PX, round((size or BASE_FONT_SIZE) * PROJECTOR_TEXT_SCALE))


def projector_note_growth_px(lines: int, size: float = BASE_FONT_SIZE - 3) -> float:
    """How much taller a note of ``lines`` lines at ``size`` px (the source note's 13 px) is drawn in
    presenter mode than a quarter larger: the room the frame's margins, grown by a quarter, do not keep and
    ``for_projector`` adds under the plot."""
    grown = lines * LINE_HEIGHT * (projector_font_px(size) - size * PROJECTOR_TEXT_SCALE)
    return max(grown, 0.0) + PROJECTOR_NOTE_GAP_PX


def for_projector(fig: go.Figure) -> go.Figure:
    """The chart for presenter mode: every text it draws at least ``PROJECTOR_MIN_FONT_PX`` (ticks, the
    legend, notes, headings and labels (annotations) and values on traces; axis titles a step larger; the
    title and anything larger a quarter larger). Streamlit's chart theme otherwise draws ticks and legend at
    12 px, and a quarter larger left notes and labels at 16 px, unreadable from a room's back row. The frame
    keeps room for text of these sizes: the figure grows by the same quarter, margins and label offsets with
    it, so every position given as a share of the plot (notes, legend, headings) keeps its place and the
    larger text its room (at 1280x720 the notes touched the tick labels and bar labels sat on their bars);
    the source note, grown more than a quarter, gets its extra lines' room under the plot, and the figure
    that much taller. A new figure: the one given is shared."""
    big = go.Figure(fig)
    extra = 0.0
    for note in big.layout.annotations:
        size = note.font.size or BASE_FONT_SIZE
        grown = projector_font_px(size)
        if note.name == SOURCE_NOTE:
            extra = projector_note_growth_px(str(note.text or "").count("<br>") + 1, size)
        note.font.size = grown
        if note.yshift:
            note.yshift = round(note.yshift * PROJECTOR_TEXT_SCALE)
    if big.layout.height:
        plot = big.layout.height - (big.layout.margin.t or 0) - (big.layout.margin.b or 0)
        big.layout.height = round(big.layout.height * PROJECTOR_TEXT_SCALE + extra)
        for side in ("t", "b", "l", "r"):  # l, r: an edge tick label ("0%") overran 10 px and was dropped
            margin = big.layout.margin[side]
            grown = round((margin or 0) * PROJECTOR_TEXT_SCALE + (extra if side == "b" else 0))
            big.layout.margin[side] = max(grown, PROJECTOR_SIDE_PX) if side in "lr" else grown
        for note in big.layout.annotations:  # the note's last line kept at the foot of the grown figure
            if note.name == SOURCE_NOTE and note.y is not None and plot > 0:
                note.y = note.y - extra / (plot * PROJECTOR_TEXT_SCALE)
    axes = {
        "tickfont": {"size": PROJECTOR_MIN_FONT_PX},
        "title": {"font": {"size": PROJECTOR_AXIS_TITLE_PX}},
    }
    big.update_xaxes(**axes)
    big.update_yaxes(**axes)
    big.update_layout(legend={"font": {"size": PROJECTOR_MIN_FONT_PX}})
    big.update_layout(title_font_size=round((big.layout.title.font.size or BASE_FONT_SIZE) * 1.15))
    for trace in big.data:  # the values and labels drawn on bars and markers
        if "textfont" in trace and (trace["text"] is not None or getattr(trace, "texttemplate", None)):
            sizes = trace.textfont.size
            if isinstance(sizes, tuple | list):
                trace.textfont.size = [projector_font_px(s) for s in sizes]
            else:
                trace.textfont.size = projector_font_px(sizes)
    return big


def cached_figure(builder: Callable[..., go.Figure], /, *args: object, **kwargs: object) -> go.Figure:
    """``builder(*args, **kwargs)``, built once per distinct input and process (``memo.cached``).

    Building a plotly figure costs 20-70 ms here (most of it plotly's property validation); serialising a
    built one about 1 ms. Most reruns leave a chart's inputs unchanged, so charts are built once and shared by
    every session: never change the figure returned.
    """
    return memo.cached(builder, *args, **kwargs)
