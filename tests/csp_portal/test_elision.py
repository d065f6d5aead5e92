"""French elision on a whole page: in the text only, never in tags or typed text."""

from csp_portal.elision import elide_html


def test_text_between_tags_is_elided_and_tags_and_typed_text_are_kept():
    page = (
        '<p title="de Acme">Invitation de Acme</p><b>de</b> Acme, que <i>Initech</i> '
        "<textarea>de Acme</textarea><SCRIPT>que Il</SCRIPT><pre\n>de Ô</pre> que Il"
    )
    assert elide_html(page) == (
        '<p title="de Acme">Invitation d\'Acme</p><b>de</b> Acme, que <i>Initech</i> '
        "<textarea>de Acme</textarea><SCRIPT>que Il</SCRIPT><pre\n>de Ô</pre> qu'Il"
    )


def test_only_the_lower_or_capitalised_word_is_elided():
    assert elide_html("<p>De Électricité, DE Acme, de Élan</p>") == (
        "<p>D'Électricité, DE Acme, d'Élan</p>"
    )
