from django.urls import path

from schoolgate.publishing import blog

app_name = "blog"
urlpatterns = [
    path("<slug:school>/", blog.index, name="index"),
    path("<slug:school>/tag/<slug:tag>/", blog.index, name="tag"),
    path("<slug:school>/rss/", blog.rss, name="rss"),
    path("<slug:school>/atom/", blog.atom, name="atom"),
    path("<slug:school>/sitemap.xml", blog.sitemap, name="sitemap"),
    path("<slug:school>/for-parents/", blog.private_index, name="private_index"),
    path("<slug:school>/for-parents/<slug:slug>/", blog.private_post, name="private_post"),
    path("<slug:school>/<slug:slug>/", blog.post, name="post"),
]
