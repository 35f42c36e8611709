from django.urls import path

from schoolgate.photos import views

app_name = "photos"
urlpatterns = [
    path("post/<int:pk>/", views.PostPhotosView.as_view(), name="post"),
    path("post/<int:pk>/upload/", views.UploadView.as_view(), name="upload"),
    path("post/<int:pk>/progress/", views.ProgressView.as_view(), name="progress"),
    path(
        "post/<int:pk>/blur-without-consent/",
        views.BlurWithoutConsentView.as_view(),
        name="blur_without_consent",
    ),
    path("<int:pk>/preview/", views.PreviewView.as_view(), name="preview"),
    path("<int:pk>/public-copy/", views.PublicCopyView.as_view(), name="public_copy"),
    path("<int:pk>/describe/", views.DescribeView.as_view(), name="describe"),
    path("<int:pk>/remove/", views.RemoveView.as_view(), name="remove"),
    path("<int:pk>/faces/add/", views.AddFaceView.as_view(), name="add_face"),
    path("faces/<int:pk>/", views.FaceView.as_view(), name="face"),
    path("faces/<int:pk>/pupils/", views.PupilSearchView.as_view(), name="pupil_search"),
    path("p/<str:name>", views.PublicPhotoView.as_view(), name="public"),
]
