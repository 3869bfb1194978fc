from django.contrib import admin

from relationships.models import (AccountDomainBlock, AccountNote, AccountPin, Block, Follow, FollowRequest,
                                  Mute)


@admin.register(FollowRequest, Block, AccountNote, AccountPin)
class PairAdmin(admin.ModelAdmin):
    list_display = ("id", "account", "target_account", "created_at")
    raw_id_fields = ("account", "target_account")
    list_select_related = ("account", "target_account")


@admin.register(Follow)
class FollowAdmin(PairAdmin):
    list_display = PairAdmin.list_display + ("show_reblogs", "notify")


@admin.register(Mute)
class MuteAdmin(PairAdmin):
    list_display = PairAdmin.list_display + ("hide_notifications", "expires_at")


@admin.register(AccountDomainBlock)
class AccountDomainBlockAdmin(admin.ModelAdmin):
    list_display = ("id", "account", "domain", "created_at")
    raw_id_fields = ("account",)
    search_fields = ("domain",)
