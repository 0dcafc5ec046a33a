"""The one CJK font every printout embeds.

reportlab embeds only TrueType-outline fonts (it rejects Noto CJK's CFF outlines and never embeds
STSong-Light), so the app bundles WenQuanYi Micro Hei (Apache-2.0, licence beside the file). The same
file is loaded by Qt, so screen and paper look alike on every PC without depending on installed fonts.
"""

from functools import cache

from stationdesk.paths import resource

FONT_FILE = "fonts/wqy-microhei.ttc"
CJK = "WenQuanYiMicroHei"


@cache
def register_fonts() -> str:
    """Register the CJK font with reportlab once per process and return its name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(CJK, str(resource(FONT_FILE)), subfontIndex=0))
    # One face serves as bold too: <b> in a Paragraph must not fall back to an unembedded Helvetica.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(CJK, bold, italic, CJK)
    return CJK
