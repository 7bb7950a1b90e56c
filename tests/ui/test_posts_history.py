"""The post studio, issue 21: the history names each record; nothing moves when a message
appears; each card shows the post as the platform's feed shows it, folded at its "See more"."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from assocdesk.demo import fill
from assocdesk.posts.preview import cut_position, fold_for
from assocdesk.services import activities
from assocdesk.storage.engine import Database
from assocdesk.text.bidi import strip_isolates
from tests.ui.conftest import choose as select  # by the item's data
from tests.ui.conftest import make_app
from ui import commands
from ui.pages.posts import PostsPage

CARAVANE = 1  # the demo's first activity, "Caravane médicale"


@pytest.fixture
def studio(qapp: QApplication, db: Database, tmp_path: Path, request: pytest.FixtureRequest):
    fill(db, "small", seed=1)
    language = getattr(request, "param", "en")
    app = make_app(qapp, db, tmp_path, language)
    app.window.resize(1024, 768)
    page = app.window.show_page("posts")
    assert isinstance(page, PostsPage)
    select(page.occasion, "activity-report")
    select(page.record, CARAVANE)
    select(page.language, language)
    QApplication.processEvents()
    yield app, page
    app.window.close()
    app.apply_language("en")


def history_texts(page: PostsPage) -> list[str]:
    return [strip_isolates(page.history.item(i).text()) for i in range(page.history.count())]


def button_places(page: PostsPage) -> dict[str, QRect]:
    """Where every visible button of the page is, in the window's coordinates."""
    window = page.window()
    return {
        f"{button.parent().objectName()}/{button.objectName()}/{index}": QRect(
            button.mapTo(window, button.rect().topLeft()), button.size()
        )
        for index, button in enumerate(page.findChildren(QAbstractButton))
        if button.isVisibleTo(window)
    }


# --- the history names the record -----------------------------------------------------------------

EXPECTED = {
    "en": ("Activity report · Facebook · ", "(archived activity) Caravane médicale — "),
    "fr": ("Compte rendu d'activité · Facebook · ", "(activité archivée) Caravane médicale — "),
    "ar": ("تقرير نشاط · Facebook · ", "(نشاط مؤرشف) Caravane médicale — "),
}


@pytest.mark.parametrize("studio", ["fr", "ar"], indirect=True)
def test_history_names_the_activity_and_its_date_then_says_archived(studio, qtbot) -> None:
    """Regression (issue 21): the history said "Activity report #1"."""
    app, page = studio
    language = app.preferences.language
    how, archived = EXPECTED[language]
    qtbot.mouseClick(page.cards["facebook"].posted_button, Qt.MouseButton.LeftButton)
    first = history_texts(page)[0]
    what, when = first.split("\n")
    assert what.startswith("Caravane médicale — ") and "2024" in what
    assert when.startswith(how)
    assert "#" not in first
    # The record is archived since: the entry still names it, and says so.
    commands.write(app.context, lambda s: activities.set_archived(s, CARAVANE))
    assert history_texts(page)[0].startswith(archived)


def test_history_entry_opens_its_record_again(studio, qtbot) -> None:
    _app, page = studio
    qtbot.mouseClick(page.cards["x"].posted_button, Qt.MouseButton.LeftButton)
    select(page.occasion, "year-impact")
    assert page.occasion.currentData() == "year-impact"
    page.history.itemActivated.emit(page.history.item(0))
    assert (page.occasion.currentData(), page.record.currentData()) == (
        "activity-report",
        CARAVANE,
    )


# --- nothing moves when a message appears ---------------------------------------------------------


@pytest.mark.parametrize("studio", ["en", "ar"], indirect=True)
def test_no_button_moves_when_copied_or_posted_is_said(studio, qtbot, tmp_path: Path) -> None:
    """Regression (issue 21): "Copied" appeared above the cards and pushed them down, so the
    next click landed on the wrong button."""
    _app, page = studio
    facebook = page.cards["facebook"]
    qtbot.waitExposed(page.window())
    before = button_places(page)
    assert len(before) > 10 and page.message.text() == ""
    qtbot.mouseClick(facebook.copy_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert page.message.text()  # "Copied: paste it into Facebook."
    assert button_places(page) == before
    qtbot.mouseClick(facebook.copy_alt_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert button_places(page) == before
    # Marked as posted: the card's warning appears in its header's line, the history grows.
    qtbot.mouseClick(facebook.posted_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert facebook.already.isVisibleTo(page) and "Facebook" in facebook.already.text()
    assert button_places(page) == before
    # A long message takes its two lines, ends with "…", and moves nothing either.
    page._show_message("Nothing recorded fits this occasion today: " + "a long reason " * 40)
    QApplication.processEvents()
    lines = page.message.shown_lines()
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert button_places(page) == before
    page.window().grab().save(str(tmp_path / "posts-after-copy.png"))


# --- each card shows the feed's preview -----------------------------------------------------------

SEE_MORE = {"en": ("See more", "more"), "fr": ("Voir plus", "plus"), "ar": ("عرض المزيد", "المزيد")}
NAME = {"en": "Al Amal Association", "fr": "Association Al Amal", "ar": "جمعية الأمل"}


@pytest.mark.parametrize("studio", ["fr", "ar"], indirect=True)
def test_each_card_previews_the_post_folded_where_its_platform_folds(
    studio, qtbot, tmp_path: Path
) -> None:
    app, page = studio
    language = app.preferences.language
    page.platform_boxes["linkedin"].setChecked(True)
    facebook_more, more = SEE_MORE[language]
    for key in ("facebook", "whatsapp", "x", "instagram", "linkedin"):
        card = page.cards[key]
        preview = card.preview
        assert preview.isVisibleTo(page)
        assert preview.name.text() == NAME[language]
        assert not preview.picture.pixmap().isNull()
        # The fold is the core's rule on the card's own text.
        assert preview.folded.cut_at == cut_position(card.current_text().rstrip(), fold_for(key))
    # The demo's report is longer than Instagram's two lines: folded, "… plus" / "… المزيد".
    instagram = page.cards["instagram"].preview
    assert instagram.folded.folded and instagram.folded.more == more
    assert "… <span" in instagram.text.text() and more in instagram.text.text()
    # X and WhatsApp show everything.
    for key in ("x", "whatsapp"):
        assert not page.cards[key].preview.folded.folded
        assert facebook_more not in page.cards[key].preview.text.text()
    page.cards_area.grab().save(str(tmp_path / f"posts-preview-{language}.png"))


def test_preview_follows_the_editor_and_the_picture_size(studio, qtbot) -> None:
    _app, page = studio
    card = page.cards["facebook"]
    card.text.setPlainText("Une ligne\n" * 8)
    qtbot.waitUntil(lambda: card.preview.folded.shown == "Une ligne\n" * 4 + "Une ligne")
    assert "See more" in card.preview.text.text()
    card.text.setPlainText("Merci !")
    qtbot.waitUntil(lambda: card.preview.folded.shown == "Merci !")
    assert "See more" not in card.preview.text.text()
    square = card.preview.picture.pixmap().size()
    select(page.picture_size, "portrait")
    portrait = card.preview.picture.pixmap().size()
    assert portrait.width() == square.width() and portrait.height() > square.height()
