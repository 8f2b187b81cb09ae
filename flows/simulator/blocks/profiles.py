"""Customer profiles beyond the lookup (which is in :mod:`.services`): create, update, associate,
profile objects, calculated attributes and segment membership. The simulator has no Customer
Profiles domain: what it would answer is scripted (``--result BLOCK=Found,key=value``,
``--result BLOCK=True``, ``--fail BLOCK=ERROR``) or taken from the default below, marked as an
assumption. A test case cannot mock these blocks: the Testing language overrides only Lambda
functions, hours, queues and bots.

Sources (https://docs.aws.amazon.com/connect/latest/devguide/ unless said otherwise):
- the block: https://docs.aws.amazon.com/connect/latest/adminguide/customer-profiles-block.html
  (every channel, every flow type; "the Response fields are stored in the contact attributes ...
  $.Customer.City and $.Customer.Asset.Status"; Get actions branch Success, Error, Multiple
  found, Not found);
- CreateCustomerProfile: interactions-createcustomerprofile.html (the fields of
  ProfileRequestData; "Newly created profile ID is persisted under ... $.Customer.ProfileId").
  Default: the profile is created, with a generated id;
- UpdateCustomerProfile: interactions-updatecustomerprofile.html (ProfileId and the fields).
  Default: the profile is updated;
- AssociateContactToCustomerProfile: interactions-associatecontacttocustomerprofile.html
  (ProfileId, ContactId). Default: the contact is associated; the profile id is
  $.Customer.ProfileId;
- GetCustomerProfileObject: interactions-getcustomerprofileobject.html (ProfileId, ObjectType
  _asset, _order or _case; "Asset ID, if a single asset is found, is always persisted under
  ... $.Customer.Asset.AssetId", likewise $.Customer.Order.OrderId and $.Customer.Case.CaseId).
  Default: no object is found (NoneFoundError);
- GetCalculatedAttributesForCustomerProfile:
  interactions-getcalculatedattributesforcustomerprofile.html (ProfileId; the attributes named
  in ProfileResponseData, "CalculatedAttributes.<name>", read as $.Customer.CalculatedAttributes
  .<name>; NoneFoundError). Default: none found (NoneFoundError);
- CheckSegmentMembershipForCustomerProfile (no action page; the console writes ProfileId and
  SegmentName and compares True and False). Default: the profile is not in the segment (False).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from flows.language.facts import NONE_FOUND_ERROR
from flows.simulator.engine import ActionHandler, Decision, Run
from flows.simulator.flow_index import IndexedAction
from flows.simulator.references import as_text, fields_text
from flows.simulator.result import Setting
from flows.simulator.scripting import BlockOutcome

FOUND = "Found"  # the result that scripts an object or calculated attributes as found
IN_SEGMENT = "True"
NOT_IN_SEGMENT = "False"
SEGMENT_RESULTS = (IN_SEGMENT, NOT_IN_SEGMENT)
# ObjectType -> the $.Customer key the object's fields are read under, and its id's name.
OBJECT_KEYS: dict[str, tuple[str, str]] = {
    "_asset": ("Asset", "AssetId"),
    "_order": ("Order", "OrderId"),
    "_case": ("Case", "CaseId"),
}
CALCULATED = "CalculatedAttributes"


def _request(action: IndexedAction, run: Run) -> dict[str, Any]:
    """ProfileRequestData with its references filled in."""
    raw = action.parameters.get("ProfileRequestData")
    if not isinstance(raw, Mapping):
        return {}
    request: dict[str, Any] = run.texts(raw)
    return request


def _profile_id(request: Mapping[str, Any], run: Run) -> str:
    given = request.get("ProfileId")
    if isinstance(given, str) and given:
        return given
    known = run.state.customer.get("ProfileId")
    return known if isinstance(known, str) else ""


def _no_profile(action: IndexedAction, run: Run) -> Decision:
    run.note("no ProfileId (none in ProfileRequestData and no profile found before)")
    return run.error(action, "NoMatchingError")


def _scripted(action: IndexedAction, run: Run) -> tuple[BlockOutcome | None, Decision | None]:
    """The block's scripted outcome, or the Decision a scripted error makes."""
    scripted = run.outcomes.take(BlockOutcome, (action.identifier,))
    if scripted is not None and scripted.error is not None:
        return scripted, run.error(action, scripted.error)
    return scripted, None


def create_customer_profile(action: IndexedAction, run: Run) -> Decision:
    """Customer profiles (create): a new profile with the request's fields and a generated id,
    ``$.Customer.ProfileId``."""
    _, failed = _scripted(action, run)
    if failed is not None:
        return failed
    request = _request(action, run)
    profile_id = uuid.uuid4().hex
    run.assume(f"Customer Profiles creates the profile (id {profile_id})")
    run.state.customer = {**_fields(request), "ProfileId": profile_id}
    run.block_result = run.state.customer
    run.record(Setting("customer profile created", profile_id))
    return run.success(action)


def update_customer_profile(action: IndexedAction, run: Run) -> Decision:
    """Customer profiles (update): the profile's fields take the request's values."""
    _, failed = _scripted(action, run)
    if failed is not None:
        return failed
    request = _request(action, run)
    profile_id = _profile_id(request, run)
    if not profile_id:
        return _no_profile(action, run)
    run.assume(f"Customer Profiles updates profile {profile_id}")
    fields = _fields(request)
    run.state.customer = {**run.state.customer, **fields, "ProfileId": profile_id}
    run.record(Setting("customer profile updated", fields_text(fields)))
    return run.success(action)


def associate_contact_to_customer_profile(action: IndexedAction, run: Run) -> Decision:
    """Customer profiles (associate contact): the contact is linked to the profile."""
    _, failed = _scripted(action, run)
    if failed is not None:
        return failed
    request = _request(action, run)
    profile_id = _profile_id(request, run)
    if not profile_id:
        return _no_profile(action, run)
    run.assume(f"profile {profile_id} exists and the contact is associated with it")
    run.state.customer = {**run.state.customer, "ProfileId": profile_id}
    run.state.contact_data["CustomerProfileId"] = profile_id
    run.record(Setting("contact associated with profile", profile_id))
    return run.success(action)


def get_customer_profile_object(action: IndexedAction, run: Run) -> Decision:
    """Customer profiles (get object): the object scripted with ``--result BLOCK=Found,k=v``
    fills ``$.Customer.<Asset|Order|Case>``; unscripted, none is found (NoneFoundError)."""
    scripted, failed = _scripted(action, run)
    if failed is not None:
        return failed
    request = _request(action, run)
    if not _profile_id(request, run):
        return _no_profile(action, run)
    object_type = str(request.get("ObjectType", ""))
    if scripted is None:
        run.assume(f"the profile has no {object_type or 'object'} matching the request")
        return run.error(action, NONE_FOUND_ERROR)
    key, id_name = OBJECT_KEYS.get(object_type, (object_type.lstrip("_").title(), "Id"))
    found = dict(scripted.data)
    found.setdefault(id_name, uuid.uuid4().hex)
    run.state.customer = {**run.state.customer, key: found}
    run.block_result = found
    run.record(Setting(f"customer profile {key.lower()}", fields_text(found)))
    return run.success(action)


def get_calculated_attributes(action: IndexedAction, run: Run) -> Decision:
    """Customer profiles (calculated attributes): those scripted with ``--result
    BLOCK=Found,name=value`` fill ``$.Customer.CalculatedAttributes``; unscripted, none are
    found (NoneFoundError)."""
    scripted, failed = _scripted(action, run)
    if failed is not None:
        return failed
    if not _profile_id(_request(action, run), run):
        return _no_profile(action, run)
    if scripted is None:
        run.assume("the profile has none of the calculated attributes asked for")
        return run.error(action, NONE_FOUND_ERROR)
    attributes = {key.removeprefix(f"{CALCULATED}."): value for key, value in scripted.data.items()}
    run.state.customer = {**run.state.customer, CALCULATED: attributes}
    run.block_result = attributes
    run.record(Setting("calculated attributes", fields_text(attributes)))
    return run.success(action)


def check_segment_membership(action: IndexedAction, run: Run) -> Decision:
    """Customer profiles (segment membership): True or False (``--result BLOCK=True``);
    unscripted, the profile is not in the segment (False)."""
    scripted, failed = _scripted(action, run)
    if failed is not None:
        return failed
    request = _request(action, run)
    if not _profile_id(request, run):
        return _no_profile(action, run)
    segment = as_text(request.get("SegmentName", ""))
    if scripted is not None and scripted.result is not None:
        member = scripted.result
    else:
        member = NOT_IN_SEGMENT
        run.assume(f"the profile is not in segment {segment!r}")
    run.record(Setting(f"in segment {segment!r}", member))
    return run.equals(action, member, "NoMatchingError")


def _fields(request: Mapping[str, Any]) -> dict[str, Any]:
    """The profile fields a request writes (search keys and ids aside)."""
    skipped = {"ProfileId", "ContactId", "IdentifierName", "IdentifierValue", "SearchCriteria"}
    return {key: value for key, value in request.items() if key not in skipped}


HANDLERS: dict[str, ActionHandler] = {
    "CreateCustomerProfile": create_customer_profile,
    "UpdateCustomerProfile": update_customer_profile,
    "AssociateContactToCustomerProfile": associate_contact_to_customer_profile,
    "GetCustomerProfileObject": get_customer_profile_object,
    "GetCalculatedAttributesForCustomerProfile": get_calculated_attributes,
    "CheckSegmentMembershipForCustomerProfile": check_segment_membership,
}
