"""The two page frames: the recruiter shell with navigation, the minimal candidate shell."""

from __future__ import annotations

import reflex as rx

from heymilo_app import routes
from heymilo_app.services.messaging import dev_inbox
from heymilo_app.state.auth import AuthState

PRODUCT_NAME = "OpenInterview"

NAV_ITEMS = (
    ("jobs", "Jobs", "briefcase", routes.JOBS),
    ("candidates", "Candidates", "users", routes.CANDIDATES),
    ("dashboard", "Dashboard", "chart-column", routes.DASHBOARD),
    ("settings", "Settings", "settings", routes.SETTINGS),
) + (
    # Only with DEV_INBOX on and no provider configured: messages stay in the outbox.
    (("dev-inbox", "Dev inbox", "inbox", routes.DEV_INBOX),) if dev_inbox.enabled() else ()
)
# Links shown to recruiters only (the dev inbox holds candidates' own links).
RECRUITER_ONLY = frozenset({"dev-inbox"})


def _for_role(key: str, link: rx.Component) -> rx.Component:
    return rx.cond(AuthState.is_recruiter, link) if key in RECRUITER_ONLY else link


def brand() -> rx.Component:
    """The product's name with its mark."""
    return rx.hstack(
        rx.center(
            rx.icon("messages-square", size=18, color="white"),
            background=rx.color("accent", 9),
            border_radius="8px",
            width="32px",
            height="32px",
        ),
        rx.text(PRODUCT_NAME, weight="bold", size="4"),
        align="center",
        spacing="2",
    )


def _nav_link(key: str, label: str, icon: str, href: str, active: str) -> rx.Component:
    is_active = key == active
    return rx.link(
        rx.hstack(
            rx.icon(icon, size=18),
            rx.text(label, size="3", weight="medium" if is_active else "regular"),
            align="center",
            spacing="3",
            padding_x="12px",
            padding_y="8px",
            border_radius="8px",
            background=rx.color("accent", 3) if is_active else "transparent",
            color=rx.color("accent", 11) if is_active else rx.color("gray", 12),
            _hover={"background": rx.color("accent", 3)},
            width="100%",
        ),
        href=href,
        underline="none",
        aria_current="page" if is_active else None,
        width="100%",
    )


def _user_box() -> rx.Component:
    return rx.vstack(
        rx.text(AuthState.user_name, weight="medium", size="2", trim="both"),
        rx.text(AuthState.organization_name, size="1", color_scheme="gray"),
        rx.badge(
            rx.cond(AuthState.is_recruiter, "Recruiter", "Hiring manager"),
            variant="soft",
            color_scheme=rx.cond(AuthState.is_recruiter, "indigo", "teal"),
        ),
        rx.button(
            rx.icon("log-out", size=16),
            "Log out",
            on_click=AuthState.log_out,
            variant="soft",
            color_scheme="gray",
            width="100%",
            id="logout",
        ),
        spacing="2",
        width="100%",
        align="start",
    )


def _sidebar(active: str) -> rx.Component:
    return rx.vstack(
        brand(),
        rx.el.nav(
            rx.vstack(
                *[_for_role(item[0], _nav_link(*item, active=active)) for item in NAV_ITEMS],
                spacing="1",
                width="100%",
            ),
            aria_label="Main",
            style={"width": "100%"},
        ),
        rx.spacer(),
        _user_box(),
        spacing="6",
        padding="20px",
        height="100vh",
        width="240px",
        position="sticky",
        top="0",
        border_right=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 1),
        display=["none", "none", "flex"],
        flex_shrink="0",
        class_name="no-print",
    )


def _row_link(key: str, label: str, icon: str, href: str, active: str) -> rx.Component:
    is_active = key == active
    return rx.link(
        rx.hstack(
            rx.icon(icon, size=16),
            rx.text(label, size="2"),
            spacing="1",
            align="center",
        ),
        href=href,
        underline="none",
        color=rx.color("accent", 11) if is_active else rx.color("gray", 11),
        weight="bold" if is_active else "regular",
        aria_current="page" if is_active else None,
        white_space="nowrap",
    )


def _nav_menu(active: str) -> rx.Component:
    """The navigation behind one button, for phones (under Reflex's "sm" breakpoint).

    A disclosure of real links (not an ARIA menu): each stays a link, Tab walks them, the
    current page is marked, and Escape or a click outside closes it.
    """
    return rx.box(
        rx.popover.root(
            rx.popover.trigger(
                rx.icon_button(
                    rx.icon("menu", size=18),
                    variant="soft",
                    color_scheme="gray",
                    aria_label="Menu",
                    id="nav-menu",
                ),
            ),
            rx.popover.content(
                rx.el.nav(
                    rx.vstack(
                        *[_for_role(i[0], _nav_link(*i, active=active)) for i in NAV_ITEMS],
                        spacing="1",
                        width="100%",
                    ),
                    aria_label="Main",
                    style={"width": "100%"},
                ),
                id="nav-menu-content",
                aria_label="Menu",
                align="start",
                width="240px",
                max_width="calc(100vw - 32px)",
                padding="8px",
            ),
        ),
        display=["block", "none"],
    )


def _topbar(active: str) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            _nav_menu(active),
            brand(),
            rx.spacer(),
            rx.button(
                rx.icon("log-out", size=16),
                "Log out",
                on_click=AuthState.log_out,
                variant="soft",
                color_scheme="gray",
                size="1",
            ),
            width="100%",
            align="center",
        ),
        # From "sm" to "md" the links fit in a row; under "sm" they are in the menu above.
        rx.el.nav(
            rx.hstack(
                *[_for_role(item[0], _row_link(*item, active=active)) for item in NAV_ITEMS],
                spacing="3",
                wrap="wrap",
                width="100%",
            ),
            aria_label="Main",
            style={"width": "100%", "display": ["none", "block"]},
        ),
        padding="12px 16px",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 1),
        width="100%",
        spacing="3",
        display=["flex", "flex", "none"],
        class_name="no-print",
    )


def recruiter_shell(
    *children: rx.Component,
    title: str | rx.Var,
    active: str,
    actions: rx.Component | None = None,
    wide: bool = False,
) -> rx.Component:
    """Frame a recruiter page: navigation, the page title, its actions and content.

    Args:
        *children: The page's content.
        title: The page heading.
        active: Key of the navigation item to highlight.
        actions: Buttons shown beside the heading.
        wide: Use more of a wide screen (the builder).

    Returns:
        The framed page.
    """
    return rx.flex(
        _sidebar(active),
        rx.box(
            _topbar(active),
            rx.el.main(
                rx.vstack(
                    rx.hstack(
                        rx.heading(title, size="7", as_="h1"),
                        rx.spacer(),
                        actions or rx.fragment(),
                        width="100%",
                        align="center",
                        wrap="wrap",
                        spacing="3",
                    ),
                    *children,
                    spacing="5",
                    width="100%",
                    max_width="1400px" if wide else "1100px",
                    padding=["16px", "24px", "32px"],
                ),
            ),
            flex="1",
            min_width="0",
        ),
        min_height="100vh",
        background=rx.color("gray", 2),
        direction="row",
        class_name="app-shell",
    )


def candidate_shell(
    *children: rx.Component, accent: rx.Var | str = "", language: rx.Var | str = "en"
) -> rx.Component:
    """Frame a candidate page: a stripe in the organization's color and the content only.

    Args:
        *children: The page's content.
        accent: The organization's primary color for the top stripe.
        language: Language of the page's text (for screen readers).

    Returns:
        The framed page.
    """
    brand_vars = {}
    if isinstance(accent, str) and not accent:
        accent = rx.color("accent", 9)
    else:
        # The organization's color for solid buttons, checked boxes and focus rings (its
        # contrast with white is checked when it is saved).
        brand_vars = {
            "--accent-9": accent,
            "--accent-10": accent,
            "--accent-indicator": accent,
            "--accent-contrast": "white",
            "--focus-8": accent,
        }
    return rx.box(
        rx.box(height="6px", background=accent),
        rx.el.main(
            rx.vstack(
                *children,
                spacing="5",
                width="100%",
                max_width="640px",
                margin_x="auto",
                padding=["20px 16px", "32px 24px"],
            ),
        ),
        lang=language,
        min_height="100vh",
        background=rx.color("gray", 2),
        style=brand_vars,
    )


def auth_shell(*children: rx.Component) -> rx.Component:
    """Frame the login and sign-up pages: centred card under the product's name.

    Args:
        *children: The form.

    Returns:
        The framed page.
    """
    return rx.center(
        rx.vstack(
            brand(),
            rx.card(rx.vstack(*children, spacing="4", width="100%"), width="100%", size="3"),
            spacing="5",
            align="center",
            width="100%",
            max_width="420px",
            padding="16px",
        ),
        min_height="100vh",
        background=rx.color("gray", 2),
    )
