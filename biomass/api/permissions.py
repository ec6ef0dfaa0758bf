from rest_framework.permissions import SAFE_METHODS, BasePermission


class StaffWriteOrReadOnly(BasePermission):
    """Anyone may read; only active staff may write."""

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if not hasattr(view, request.method.lower()):
            return True  # the view answers 405 Method Not Allowed
        user = request.user
        return bool(user and user.is_active and user.is_staff)


class CanManageLayers(BasePermission):
    """Staff with the layer permission (biomass.manage_layer) may upload, process, roll back
    and delete layer versions; reading layers stays public where the view allows it."""

    message = "Only staff with the permission to manage layers may do this."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS and getattr(view, "public_read", False):
            return True
        if not hasattr(view, request.method.lower()):
            return True  # the view answers 405 Method Not Allowed
        user = request.user
        return bool(user and user.is_active and user.is_staff and user.has_perm("biomass.manage_layer"))
