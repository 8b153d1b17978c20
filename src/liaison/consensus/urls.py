from django.urls import path

from liaison.consensus import views, views_override, views_position

app_name = "consensus"
urlpatterns = [
    path("<int:pk>/", views.consolidation, name="consolidation"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/analyse/", views.analyse, name="analyse"),
    path("<int:pk>/drafts/", views.drafts, name="drafts"),
    path("<int:pk>/drafts/new/", views.draft_new, name="draft_new"),
    path("<int:pk>/drafts/order/", views.drafts_order, name="drafts_order"),
    path("<int:pk>/drafts/<int:draft_pk>/", views.draft_detail, name="draft"),
    path("<int:pk>/drafts/<int:draft_pk>/edit/", views.draft_edit, name="draft_edit"),
    path("<int:pk>/drafts/<int:draft_pk>/split/", views.draft_split, name="draft_split"),
    path("<int:pk>/drafts/<int:draft_pk>/merge/", views.draft_merge, name="draft_merge"),
    path("<int:pk>/drafts/<int:draft_pk>/position/", views.position, name="position"),
    path("<int:pk>/drafts/<int:draft_pk>/override/", views_override.draft_override,
         name="draft_override"),
    path("<int:pk>/drafts/<int:draft_pk>/withdraw/", views_override.draft_withdraw,
         name="draft_withdraw"),
    path("<int:pk>/objections/<int:objection_pk>/resolve/", views.objection_resolve,
         name="objection_resolve"),
    path("<int:pk>/objections/<int:objection_pk>/dispute/", views.objection_dispute,
         name="objection_dispute"),
    path("<int:pk>/drafts/<int:draft_pk>/messages/", views.message_post, name="message_post"),
    path("<int:pk>/verdict/", views_position.verdict, name="verdict"),
    path("<int:pk>/verdict/opinions/", views_position.opinions, name="opinions"),
    path("<int:pk>/dispositions/", views_position.dispositions, name="dispositions"),
    path("<int:pk>/dispositions/<int:comment_pk>/", views_position.disposition_set,
         name="disposition_set"),
    path("<int:pk>/positions/call/", views_position.positions_call, name="positions_call"),
    path("<int:pk>/finalize/", views_position.finalize, name="finalize"),
    path("<int:pk>/reopen/", views_position.reopen, name="reopen"),
    path("<int:pk>/submit/", views_position.submit, name="submit"),
    path("<int:pk>/position.<str:fmt>", views_position.export_file, name="export"),
    path("<int:pk>/observations/", views_position.observations, name="observations"),
    path("<int:pk>/outcome/", views_position.outcome, name="outcome"),
]
