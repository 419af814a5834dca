"""Editing and retiring an item, as a page action and as JSON under /api/items: each route calls one function
of bank/library.py."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from interview_coach.web.app import WebState
from interview_coach.web.deps import current_state

api = APIRouter(prefix="/api", tags=["api"])
pages = APIRouter(include_in_schema=False)
State = Annotated[WebState, Depends(current_state)]
ItemId = Annotated[str, Path(min_length=1, max_length=64)]


class ItemEdit(BaseModel):
    question: str | None = Field(None, max_length=2_000)
    answer: str | None = Field(None, max_length=50_000, description="the reference answer")
    kind: str | None = Field(None, max_length=32)
    topic: str | None = Field(None, max_length=64)


class Retirement(BaseModel):
    retired: bool = Field(True, description="false brings a retired item back")


@api.patch("/items/{item_id}", summary="Edit an item's question, reference answer, kind or topic")
def edit(s: State, item_id: ItemId, body: ItemEdit) -> dict[str, Any]:
    from interview_coach.bank.library import edit_item
    from interview_coach.bank.queries import get_item, item_dict

    ident = edit_item(s.bank, item_id, s.now(), body.question, body.answer, body.kind, body.topic)
    with s.bank.session() as session:
        return item_dict(get_item(session, ident))


@api.post("/items/{item_id}/retire", summary="Retire an item (out of practice and search) or restore it")
def retire(s: State, item_id: ItemId, body: Retirement) -> dict[str, Any]:
    from interview_coach.bank.library import retire_item

    return {"id": retire_item(s.bank, item_id, s.now(), body.retired), "retired": body.retired}


@pages.post("/items/{item_id}/edit")
def edit_page(
    s: State,
    item_id: ItemId,
    question: Annotated[str, Form(max_length=2_000)],
    answer: Annotated[str, Form(max_length=50_000)] = "",
    kind: Annotated[str, Form(max_length=32)] = "technical",
    topic: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    from interview_coach.bank.library import edit_item

    ident = edit_item(s.bank, item_id, s.now(), question, answer, kind, topic)
    return RedirectResponse(f"/items/{ident}?edited=Saved.", status_code=303)


@pages.post("/items/{item_id}/retire")
def retire_page(s: State, item_id: ItemId, retired: Annotated[str, Form(max_length=1)] = "1") -> Response:
    from interview_coach.bank.library import retire_item

    on = retired == "1"
    ident = retire_item(s.bank, item_id, s.now(), on)
    return RedirectResponse(f"/items/{ident}?edited={'Retired.' if on else 'Restored.'}", status_code=303)
