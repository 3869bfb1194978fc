"""Helpers of the accounts tests."""
import re

LINK = re.compile(r"https?://[^\s\"<]+/auth/confirmation\?confirmation_token=[A-Za-z0-9_-]+")


def confirmation_link(message):
    """The confirmation link of an e-mail (checked to be in both its text and HTML parts)."""
    text_links = LINK.findall(message.body)
    html_links = LINK.findall(message.alternatives[0][0])
    assert text_links and html_links and text_links[0] == html_links[0]
    return text_links[0]


def link_path(link):
    return "/" + link.split("://", 1)[1].split("/", 1)[1]
