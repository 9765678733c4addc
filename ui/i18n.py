"""The window's language: Simplified Chinese first, English switchable, with Qt's own
translation files (assets/translations/*.ts, compiled to .qm by `make translations`).

The window's words are written in Chinese and translated to English (context "fenqi"); the
refusals of app/ are written in English and translated to Chinese (context "messages"),
template first and then filled in, so a refusal reads in the clerk's language."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QSettings, QTranslator

from app.domain.errors import EnvironmentProblem, UserError

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
LANGUAGE_LABEL = "语言 / Language"  # readable whichever language is on
DEFAULT_LANGUAGE = "zh_CN"
UI_CONTEXT = "fenqi"
MESSAGES_CONTEXT = "messages"

_installed: list[QTranslator] = []


def tr(text: str) -> str:
    """`text` (written in Chinese) in the window's language."""
    return QCoreApplication.translate(UI_CONTEXT, text)


def message(error: UserError | EnvironmentProblem) -> str:
    """A refusal from app/ in the window's language: its template translated, then filled
    with its values (a value that is itself a known phrase, such as a field, is translated
    too)."""
    template = QCoreApplication.translate(MESSAGES_CONTEXT, error.template)
    params = {
        name: QCoreApplication.translate(MESSAGES_CONTEXT, value)
        if isinstance(value, str)
        else value
        for name, value in error.params.items()
    }
    try:
        return template.format(**params) if params else template
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
        return str(error)


QT_GAPS = {  # the words of Qt's file dialog that Qt's own Chinese leaves in English
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "File"): "文件",
    ("QAbstractFileIconProvider", "%1 File"): "%1 文件",
}


class _QtGaps(QTranslator):
    """Qt's own words its Chinese translation leaves in English (QT_GAPS)."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:  # None: not ours, Qt asks the next translator
        return QT_GAPS.get((context, source))


def saved_language() -> str:
    """The language last chosen on this computer (QSettings), else Simplified Chinese."""
    value = QSettings().value("language", DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def use_language(language: str, *, save: bool = True) -> None:
    """Translate from now on into `language` ("zh_CN" or "en"); widgets made after this
    speak it. With `save`, remember the choice for the next start."""
    app = QCoreApplication.instance()
    assert app is not None, "make the application first"
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    translator = QTranslator(app)
    folder = resources.files("assets").joinpath("translations")
    with resources.as_file(folder.joinpath(f"fenqi_{language}.qm")) as path:
        if not translator.load(str(path)):
            raise EnvironmentProblem(
                "translation file {path} is missing: reinstall fenqi", path=path
            )
    app.installTranslator(translator)
    _installed.append(translator)
    if language != "en":  # Qt's own dialogs (print, files, buttons) in the clerk's language
        qt = QTranslator(app)
        folder_qt = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{language}", folder_qt):
            app.installTranslator(qt)
            _installed.append(qt)
        gaps = _QtGaps(app)
        app.installTranslator(gaps)
        _installed.append(gaps)
    if save:
        QSettings().setValue("language", language)
