"""The shapes of the public API's answers (issue #12). Plain serializers over the records of
:mod:`api.records` and the verification of ``overview.selectors``: they document the OpenAPI
schema and write exactly the fields named here — never a contact person's data (R-A2)."""

from rest_framework import serializers

from .records import STATUSES

VERIFICATION_STATUSES = ("valid", "not_yet_valid", "expired", "withdrawn", "suspended",
                         "unknown")


class ScopeItemSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="Number of the form of financial assistance "
                                                "(appendix 1 of the guideline).")
    title = serializers.CharField()


class RegisterMemberSerializer(serializers.Serializer):
    """A member as the public register lists it."""

    register_id = serializers.IntegerField()
    certified_entity_name = serializers.CharField()
    certified_entity_city = serializers.CharField()
    certified_entity_website = serializers.CharField(allow_blank=True)
    certification_scope = ScopeItemSerializer(many=True)
    certification_number = serializers.CharField(allow_null=True)
    certification_valid_from = serializers.DateField(allow_null=True)
    certification_valid_until = serializers.DateField(allow_null=True)
    certification_body_id = serializers.IntegerField(allow_null=True)
    certification_body_name = serializers.CharField(allow_null=True)
    certification_status = serializers.ChoiceField(choices=[code for code, _ in STATUSES])
    certification_status_label = serializers.CharField()
    certification_status_date = serializers.DateField(allow_null=True)
    membership_suspended = serializers.BooleanField()
    register_url = serializers.URLField()


class VerificationSerializer(serializers.Serializer):
    """What the verification of a certificate number says (R-Z7); ``unknown`` comes with 404."""

    certification_number = serializers.CharField()
    certification_status = serializers.ChoiceField(choices=VERIFICATION_STATUSES)
    certification_status_label = serializers.CharField()
    certification_valid_from = serializers.DateField(allow_null=True)
    certification_valid_until = serializers.DateField(allow_null=True)
    certification_withdrawn_on = serializers.DateField(allow_null=True)
    certified_entity_name = serializers.CharField(allow_null=True)
    certified_entity_city = serializers.CharField(allow_null=True)
    certification_body_name = serializers.CharField(allow_null=True)
    certification_scope = ScopeItemSerializer(many=True)
    register_id = serializers.IntegerField(
        allow_null=True, help_text="The member in the register (/api/v1/members/{id}/), "
                                   "null when the register does not list it.")
    verified_on = serializers.DateField(help_text="The day the status holds for.")


class CertificationBodySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    city = serializers.CharField(allow_blank=True)
    website = serializers.CharField(allow_blank=True)
    recognised = serializers.BooleanField(help_text="Recognised by the NVVK.")
    accredited = serializers.BooleanField(help_text="Accredited by the Dutch Accreditation "
                                                    "Council (RvA).")
    accreditation_reference = serializers.CharField(allow_blank=True)


class InvalidFilterSerializer(serializers.Serializer):
    """400: the invalid filter values, per parameter."""

    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
