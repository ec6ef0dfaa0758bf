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
