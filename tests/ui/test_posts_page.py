"""The post studio: pick an activity, switch platform and language, edit, count, copy, post."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from assocdesk.demo import fill
from assocdesk.posts import counting
from assocdesk.storage.engine import Database
from tests.ui.conftest import choose as select  # by the item's data
from tests.ui.conftest import make_app, type_text
from ui.dialogs.post_template_dialog import PostTemplateDialog
from ui.pages.posts import PostsPage
from ui.widgets.post_card import PostCard


@pytest.fixture
def studio(qapp: QApplication, db: Database, tmp_path: Path, request: pytest.FixtureRequest):
    fill(db, "small", seed=1)
    language = getattr(request, "param", "en")
    app = make_app(qapp, db, tmp_path, language)
    page = app.window.show_page("posts")
    assert isinstance(page, PostsPage)
    yield app, page
    app.window.close()
    app.apply_language("en")


def visible_cards(page: PostsPage) -> list[str]:
    return [key for key, card in page.cards.items() if card.isVisibleTo(page)]


def test_compose_switch_edit_count_copy_and_mark_posted(studio, qtbot) -> None:
    _app, page = studio
    select(page.occasion, "activity-report")
    select(page.record, 1)  # the demo's "Caravane médicale"
    assert visible_cards(page) == ["facebook", "whatsapp", "x", "instagram"]
    x_card = page.cards["x"]
    assert "Caravane médicale" in x_card.current_text()
    assert page.omitted.count() > 0 and "never published" in " ".join(
        page.omitted.item(i).text() for i in range(page.omitted.count())
    )

    # Switch platform: Bluesky on, X off.
    page.platform_boxes["bluesky"].setChecked(True)
    page.platform_boxes["x"].setChecked(False)
    assert "bluesky" in visible_cards(page) and "x" not in visible_cards(page)
    card: PostCard = page.cards["bluesky"]
    # Switch language.
    select(page.language, "fr")
    assert "bénéficiaires" in card.current_text()
    select(page.language, "ar")
    assert "مستفيد" in card.current_text()

    # Edit the text: the counter follows, counted as Bluesky counts (graphemes).
    before = card.counter.text()
    card.text.moveCursor(card.text.textCursor().MoveOperation.End)
    type_text(card.text, " شكرا 👍🏽")
    after = card.counter.text()
    assert after != before
    assert after.startswith(f"{counting.graphemes(card.current_text())} / 300")
    assert card.counter.property("over") is False

    # Copy, and find the text on the clipboard.
    qtbot.mouseClick(card.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == card.current_text()
    assert card.current_text().endswith("شكرا 👍🏽")

    # Ctrl+C in the card without a selection copies the whole post too.
    QApplication.clipboard().clear()
    facebook = page.cards["facebook"]
    facebook.text.setFocus()
    qtbot.keyClick(facebook.text, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == facebook.current_text()

    # Too long: the counter turns red.
    card.text.setPlainText("x" * 301)
    assert card.counter.property("over") is True and "color: #b91c1c" in card.counter.styleSheet()

    # Mark as posted: the history lists it, and the card warns before a second post.
    assert not card.already.isVisibleTo(page)
    qtbot.mouseClick(card.posted_button, Qt.MouseButton.LeftButton)
    assert "Bluesky" in page.history.item(0).text()
    assert card.already.isVisibleTo(page) and "Bluesky" in card.already.text()
    assert not page.cards["facebook"].already.isVisibleTo(page)


def test_youtube_card_has_a_title_with_its_own_counter(studio) -> None:
    _app, page = studio
    select(page.occasion, "donor-thanks")
    page.platform_boxes["youtube"].setChecked(True)
    card = page.cards["youtube"]
    assert card.title_row.isVisibleTo(page)
    assert 0 < len(card.title.text()) <= 100
    assert card.title_counter.text().endswith("/ 100")


def test_template_dialog_saves_and_restores(studio, qtbot) -> None:
    app, page = studio
    select(page.occasion, "activity-report")
    select(page.record, 1)
    select(page.language, "fr")
    dialog = PostTemplateDialog(app.context, "activity-report", "fr", page)
    select(dialog.style, "short")
    assert dialog.body.toPlainText().startswith("✅ {title}")
    dialog.body.setPlainText("Bravo ! {title}")
    dialog.save()
    assert page.cards["x"].current_text().startswith("Bravo ! Caravane")
    dialog.body.setPlainText("   ")
    dialog.save()
    assert dialog.error.isVisibleTo(dialog) and dialog.body.toPlainText() == "   "
    qtbot.mouseClick(dialog.restore, Qt.MouseButton.LeftButton)
    dialog.save()
    assert page.cards["x"].current_text().startswith("✅ Caravane")
    dialog.close()


@pytest.mark.parametrize("studio", ["ar", "fr"], indirect=True)
def test_studio_renders_in_each_language(studio, tmp_path: Path) -> None:
    app, page = studio
    select(page.record, 1)
    page.platform_boxes["youtube"].setChecked(True)
    language = app.context.language
    select(page.language, language)
    rtl = language == "ar"
    expected = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    assert page.layoutDirection() == expected
    app.window.resize(1280, 860)
    QApplication.processEvents()
    assert app.window.grab().save(str(tmp_path / f"posts-{language}.png"))
    dialog = PostTemplateDialog(app.context, "activity-report", language, page)
    assert dialog.grab().save(str(tmp_path / f"post-template-{language}.png"))
    dialog.close()


def rename_first_minor_into_the_title(db: Database, activity_id: int) -> str:
    """The showcase activity's title names one of its minor volunteers, as secretaries do."""
    from sqlalchemy import select as query

    from assocdesk.models import Activity, Contact, VolunteerAssignment

    with db.transaction() as session:
        minor = next(
            c
            for c in session.scalars(
                query(Contact)
                .join(VolunteerAssignment, VolunteerAssignment.contact_id == Contact.id)
                .where(VolunteerAssignment.activity_id == activity_id)
            )
            if c.is_minor
        )
        activity = session.get(Activity, activity_id)
        assert activity is not None
        activity.title = f"Hommage à {minor.name.upper()}"
        return minor.name


def test_the_studio_lists_each_replacement_before_copy(studio, tmp_path: Path) -> None:
    app, page = studio
    name = rename_first_minor_into_the_title(app.context.db, 1)
    select(page.occasion, "activity-report")
    select(page.language, "fr")
    select(page.record, 1)
    page.recompose()
    lines = [page.omitted.item(i).text() for i in range(page.omitted.count())]
    title_lines = [line for line in lines if line.startswith("Title:")]
    assert title_lines and f"“{name.upper()}” is written" in title_lines[0], lines
    assert "minor" in title_lines[0]
    for card in page.cards.values():
        if card.isVisibleTo(page):
            assert name.upper() not in card.current_text()
    page.resize(1000, 720)
    page.grab().save(str(tmp_path / "posts-replacements-en.png"))


def test_a_post_in_two_languages(studio, qtbot) -> None:
    _app, page = studio
    select(page.occasion, "activity-report")
    select(page.record, 1)
    select(page.language, "ar+fr")
    facebook = page.cards["facebook"].current_text()
    arabic, french = facebook.split("———")
    assert "لفائدة 264 مستفيدًا" in arabic and "profité à 264 bénéficiaires" in french
    assert facebook.count("#جمعية_الأمل") == 1  # the hashtags once, at the end
    x_card = page.cards["x"]
    assert "———" in x_card.current_text() and x_card.counter.property("over") is False
    qtbot.mouseClick(x_card.posted_button, Qt.MouseButton.LeftButton)
    assert "X" in page.history.item(0).text()


def test_a_post_too_long_for_x_is_offered_as_a_thread(studio, qtbot) -> None:
    app, page = studio
    from assocdesk.models import Activity

    with app.context.db.transaction() as session:
        activity = session.get(Activity, 1)
        assert activity is not None
        activity.title = "Caravane médicale pluridisciplinaire au profit des douars de Médiouna"
        activity.description = (
            "Des médecins généralistes, des ophtalmologues et des dentistes bénévoles ont reçu "
            "les familles toute la journée, avec des lunettes et des médicaments offerts. "
            "Une deuxième journée est prévue."
        )
    select(page.occasion, "activity-report")
    select(page.language, "fr")
    select(page.record, 1)
    page.recompose()
    card = page.cards["x"]
    assert card.thread.isVisibleTo(page)
    parts = [part.toPlainText() for part in card.thread.parts]
    assert len(parts) >= 2 and all(counting.x_weighted(p) <= 280 for p in parts)
    assert parts[0].rstrip().endswith(f"1/{len(parts)}")
    assert "lunettes et des médicaments" in " ".join(parts)  # the thread keeps what X's post cut
    qtbot.mouseClick(card.thread.copy_buttons[1], Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == parts[1]
    assert not page.cards["facebook"].thread.isVisibleTo(page)
