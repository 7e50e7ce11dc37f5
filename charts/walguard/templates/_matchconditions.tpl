{{- /*
GENERATED from src/main/resources/dev/walguard/policy/images.yaml: do not edit. After changing the
catalogue, regenerate with
  ./mvnw -B test -Dtest=GeneratedMatchConditionsTest -Dwalguard.regenerate-docs=true
Why and how: docs/match-conditions.md.
*/}}
{{- define "walguard.matchConditions" -}}
{{- if eq (toString .Values.detect) "off" }}
matchConditions:
  - name: marked-sqlite-wal
    expression: |-
      object != null && (
        (has(object.metadata) && has(object.metadata.annotations) &&
          'walguard.dev/sqlite-wal' in object.metadata.annotations &&
          object.metadata.annotations['walguard.dev/sqlite-wal'] != 'false') ||
        (has(object.spec) && has(object.spec.template) && has(object.spec.template.metadata) &&
          has(object.spec.template.metadata.annotations) &&
          'walguard.dev/sqlite-wal' in object.spec.template.metadata.annotations &&
          object.spec.template.metadata.annotations['walguard.dev/sqlite-wal'] != 'false') ||
        (has(object.spec) && has(object.spec.jobTemplate) && has(object.spec.jobTemplate.spec) &&
          has(object.spec.jobTemplate.spec.template) &&
          has(object.spec.jobTemplate.spec.template.metadata) &&
          has(object.spec.jobTemplate.spec.template.metadata.annotations) &&
          'walguard.dev/sqlite-wal' in object.spec.jobTemplate.spec.template.metadata.annotations &&
          object.spec.jobTemplate.spec.template.metadata.annotations['walguard.dev/sqlite-wal'] != 'false')
      )
{{- else }}
matchConditions:
  - name: marked-or-catalogued-image
    expression: |-
      object != null && (
        (has(object.metadata) && has(object.metadata.annotations) &&
          'walguard.dev/sqlite-wal' in object.metadata.annotations &&
          object.metadata.annotations['walguard.dev/sqlite-wal'] != 'false') ||
        (has(object.spec) && has(object.spec.template) && has(object.spec.template.metadata) &&
          has(object.spec.template.metadata.annotations) &&
          'walguard.dev/sqlite-wal' in object.spec.template.metadata.annotations &&
          object.spec.template.metadata.annotations['walguard.dev/sqlite-wal'] != 'false') ||
        (has(object.spec) && has(object.spec.jobTemplate) && has(object.spec.jobTemplate.spec) &&
          has(object.spec.jobTemplate.spec.template) &&
          has(object.spec.jobTemplate.spec.template.metadata) &&
          has(object.spec.jobTemplate.spec.template.metadata.annotations) &&
          'walguard.dev/sqlite-wal' in object.spec.jobTemplate.spec.template.metadata.annotations &&
          object.spec.jobTemplate.spec.template.metadata.annotations['walguard.dev/sqlite-wal'] != 'false') ||
        (!(
          (has(object.metadata) && has(object.metadata.annotations) &&
            'walguard.dev/sqlite-wal' in object.metadata.annotations) ||
          (has(object.spec) && has(object.spec.template) && has(object.spec.template.metadata) &&
            has(object.spec.template.metadata.annotations) &&
            'walguard.dev/sqlite-wal' in object.spec.template.metadata.annotations) ||
          (has(object.spec) && has(object.spec.jobTemplate) && has(object.spec.jobTemplate.spec) &&
            has(object.spec.jobTemplate.spec.template) &&
            has(object.spec.jobTemplate.spec.template.metadata) &&
            has(object.spec.jobTemplate.spec.template.metadata.annotations) &&
            'walguard.dev/sqlite-wal' in object.spec.jobTemplate.spec.template.metadata.annotations)
        ) && has(object.spec) && (
          (has(object.spec) && has(object.spec.containers) ?
            object.spec.containers : []) +
          (has(object.spec) && has(object.spec.initContainers) ?
            object.spec.initContainers : []) +
          (has(object.spec) && has(object.spec.template) && has(object.spec.template.spec) &&
            has(object.spec.template.spec.containers) ?
            object.spec.template.spec.containers : []) +
          (has(object.spec) && has(object.spec.template) && has(object.spec.template.spec) &&
            has(object.spec.template.spec.initContainers) ?
            object.spec.template.spec.initContainers : []) +
          (has(object.spec) && has(object.spec.jobTemplate) && has(object.spec.jobTemplate.spec) &&
            has(object.spec.jobTemplate.spec.template) &&
            has(object.spec.jobTemplate.spec.template.spec) &&
            has(object.spec.jobTemplate.spec.template.spec.containers) ?
            object.spec.jobTemplate.spec.template.spec.containers : []) +
          (has(object.spec) && has(object.spec.jobTemplate) && has(object.spec.jobTemplate.spec) &&
            has(object.spec.jobTemplate.spec.template) &&
            has(object.spec.jobTemplate.spec.template.spec) &&
            has(object.spec.jobTemplate.spec.template.spec.initContainers) ?
            object.spec.jobTemplate.spec.template.spec.initContainers : [])
        ).exists(c, has(c.image) && size(c.image) <= 1024 &&
          c.image.matches(r'(?i)^[\x00-\x20]*(?:(?:docker\.io|index\.docker\.io|regi(?-i:[sS])try-1\.docker\.io)/)?(?:(?:(?:library/)?(?:nextcloud)|(?:ghcr\.io/hotio|hotio)/(?:(?-i:[sS])abnzbd|(?-i:[sS])eerr|(?-i:[sS])onarr|(?-i:[sS])ta(?-i:[sS])h|bazarr|jelly(?-i:[sS])eerr|jellyfin|lidarr|mylar3|ombi|over(?-i:[sS])eerr|plex|prowlarr|radarr|readarr|tautulli|whi(?-i:[sS])parr)|(?:ghcr\.io/linux(?-i:[sS])erver|l(?-i:[sS])cr\.io/linux(?-i:[sS])erver|linux(?-i:[sS])erver)/(?:(?-i:[sS])abnzbd|(?-i:[sS])ickgear|(?-i:[sS])onarr|(?-i:[sS])peedte(?-i:[sS])t-tracker|(?-i:[sS])yncthing|babybuddy|bazarr|beet(?-i:[sS])|calibre-web|duplicati|emby|fre(?-i:[sS])hr(?-i:[sS])(?-i:[sS])|grocy|healthcheck(?-i:[sS])|heimdall|homea(?-i:[sS])(?-i:[sS])i(?-i:[sS])tant|jellyfin|kavita|lidarr|medu(?-i:[sS])a|mylar3|ombi|over(?-i:[sS])eerr|paperle(?-i:[sS])(?-i:[sS])-ngx|plex|prowlarr|radarr|readarr|tautulli|thelounge|wikij(?-i:[sS])|xbackbone)|(?:ghcr\.io/onedr0p)/(?:(?-i:[sS])abnzbd|(?-i:[sS])onarr|(?-i:[sS])onarr-develop|(?-i:[sS])ta(?-i:[sS])h|bazarr|emby|home-a(?-i:[sS])(?-i:[sS])i(?-i:[sS])tant|jellyfin|kapowarr|lidarr|lidarr-develop|lidarr-nightly|mylar3|navidrome|ombi|plex|plex-beta|prowlarr|prowlarr-develop|prowlarr-nightly|radarr|radarr-develop|radarr-nightly|readarr|readarr-develop|readarr-nightly|tautulli|whi(?-i:[sS])parr|whi(?-i:[sS])parr-nightly)|(?:ghcr\.io/home-operation(?-i:[sS]))/(?:(?-i:[sS])abnzbd|(?-i:[sS])onarr|(?-i:[sS])ta(?-i:[sS])h|bazarr|emby|home-a(?-i:[sS])(?-i:[sS])i(?-i:[sS])tant|lidarr|plex|prowlarr|radarr|readarr|tautulli|thelounge|tududi|whi(?-i:[sS])parr)|(?:(?-i:[sS])eerr|ghcr\.io/(?-i:[sS])eerr-team)/(?:(?-i:[sS])eerr)|(?:bitwardenr(?-i:[sS])|ghcr\.io/gotify|joplin|quay\.io/vaultwarden|vaultwarden)/(?:(?-i:[sS])erver)|(?:gotify)/(?:(?-i:[sS])erver|(?-i:[sS])erver-arm64|(?-i:[sS])erver-arm7)|(?:ghcr\.io/go-(?-i:[sS])hiori|radhifadlillah)/(?:(?-i:[sS])hiori)|(?:(?-i:[sS])hlinkio|ghcr\.io/(?-i:[sS])hlinkio)/(?:(?-i:[sS])hlink)|(?:ghcr\.io/alexju(?-i:[sS])te(?-i:[sS])en)/(?:(?-i:[sS])peedte(?-i:[sS])t-tracker)|(?:(?-i:[sS])ta(?-i:[sS])happ)/(?:(?-i:[sS])ta(?-i:[sS])h)|(?:(?-i:[sS])yncthing)/(?:(?-i:[sS])yncthing)|(?:ghcr\.io/home-a(?-i:[sS])(?-i:[sS])i(?-i:[sS])tant)/(?:[^/:@]*-homea(?-i:[sS])(?-i:[sS])i(?-i:[sS])tant|home-a(?-i:[sS])(?-i:[sS])i(?-i:[sS])tant)|(?:actualbudget|ghcr\.io/actualbudget)/(?:actual-(?-i:[sS])erver)|(?:mintplexlab(?-i:[sS]))/(?:anythingllm)|(?:vikunja)/(?:api|vikunja)|(?:advplyr|ghcr\.io/advplyr)/(?:audiobook(?-i:[sS])helf)|(?:ghcr\.io/autobrr)/(?:autobrr)|(?:ghcr\.io/henrygd/be(?-i:[sS])zel|henrygd)/(?:be(?-i:[sS])zel)|(?:cro(?-i:[sS])(?-i:[sS])(?-i:[sS])eed|ghcr\.io/cro(?-i:[sS])(?-i:[sS])-(?-i:[sS])eed)/(?:cro(?-i:[sS])(?-i:[sS])-(?-i:[sS])eed)|(?:drone)/(?:drone)|(?:duplicati)/(?:duplicati)|(?:emby)/(?:emby(?-i:[sS])erver|emby(?-i:[sS])erver_arm32v7|emby(?-i:[sS])erver_arm64v8)|(?:flowi(?-i:[sS])eai)/(?:flowi(?-i:[sS])e)|(?:codeberg\.org/forgejo|codeberg\.org/forgejo-experimental|data\.forgejo\.org/forgejo)/(?:forgejo)|(?:fre(?-i:[sS])hr(?-i:[sS])(?-i:[sS])|ghcr\.io/fre(?-i:[sS])hr(?-i:[sS])(?-i:[sS]))/(?:fre(?-i:[sS])hr(?-i:[sS])(?-i:[sS]))|(?:blakeblack(?-i:[sS])hear|ghcr\.io/blakeblack(?-i:[sS])hear)/(?:frigate)|(?:docker\.gitea\.com|gitea)/(?:gitea)|(?:harne(?-i:[sS])(?-i:[sS]))/(?:gitne(?-i:[sS])(?-i:[sS])|harne(?-i:[sS])(?-i:[sS]))|(?:bitnami)/(?:grafana)|(?:grafana)/(?:grafana|grafana-enterpri(?-i:[sS])e|grafana-o(?-i:[sS])(?-i:[sS]))|(?:ghcr\.io/juanfont|head(?-i:[sS])cale)/(?:head(?-i:[sS])cale)|(?:healthcheck(?-i:[sS]))/(?:healthcheck(?-i:[sS]))|(?:ghcr\.io/hoarder-app)/(?:hoarder)|(?:homea(?-i:[sS])(?-i:[sS])i(?-i:[sS])tant)/(?:home-a(?-i:[sS])(?-i:[sS])i(?-i:[sS])tant)|(?:ghcr\.io/(?-i:[sS])y(?-i:[sS])admin(?-i:[sS])media|ghcr\.io/hay-kot)/(?:homebox)|(?:fallenbagel|ghcr\.io/fallenbagel)/(?:jelly(?-i:[sS])eerr)|(?:ghcr\.io/jellyfin|jellyfin)/(?:jellyfin)|(?:ghcr\.io/kanboard|kanboard)/(?:kanboard)|(?:mrca(?-i:[sS]))/(?:kapowarr)|(?:ghcr\.io/karakeep-app)/(?:karakeep)|(?:ghcr\.io/kareadita|jvmilazz0|kizaing)/(?:kavita)|(?:ghcr\.io/got(?-i:[sS])on|got(?-i:[sS])on)/(?:komga)|(?:(?-i:[sS])i(?-i:[sS])(?-i:[sS])bruecker|ghcr\.io/(?-i:[sS])i(?-i:[sS])(?-i:[sS])bruecker)/(?:linkding)|(?:ghcr\.io/jorenn92|ghcr\.io/maintainerr|jorenn92)/(?:maintainerr)|(?:ghcr\.io/mealie-recipe(?-i:[sS])|hkotel)/(?:mealie)|(?:pymedu(?-i:[sS])a)/(?:medu(?-i:[sS])a)|(?:ghcr\.io/u(?-i:[sS])ememo(?-i:[sS])|neo(?-i:[sS])memo)/(?:memo(?-i:[sS]))|(?:docker\.n8n\.io/n8nio|n8nio)/(?:n8n)|(?:deluan|ghcr\.io/navidrome)/(?:navidrome)|(?:ghcr\.io/triliumnext|triliumnext)/(?:note(?-i:[sS])|trilium)|(?:ghcr\.io/open-webui)/(?:open-webui)|(?:(?-i:[sS])ctx|ghcr\.io/(?-i:[sS])ct)/(?:over(?-i:[sS])eerr)|(?:ghcr\.io/paperle(?-i:[sS])(?-i:[sS])-ngx|paperle(?-i:[sS])(?-i:[sS])ngx)/(?:paperle(?-i:[sS])(?-i:[sS])-ngx)|(?:photopri(?-i:[sS])m)/(?:photopri(?-i:[sS])m)|(?:ghcr\.io/pi-hole|pihole)/(?:pihole)|(?:plexinc)/(?:pm(?-i:[sS])-docker)|(?:(?-i:[sS])tonith404|ghcr\.io/pocket-id|pocketid)/(?:pocket-id)|(?:ghcr\.io/muchobien)/(?:pocketba(?-i:[sS])e)|(?:ghcr\.io/tautulli|tautulli)/(?:tautulli)|(?:ghcr\.io/thelounge|thelounge)/(?:thelounge)|(?:zadam)/(?:trilium)|(?:chri(?-i:[sS])vel)/(?:tududi)|(?:loui(?-i:[sS])lam)/(?:uptime-kuma)|(?:ghcr\.io/dani-garcia)/(?:vaultwarden)|(?:ghcr\.io/go-vikunja)/(?:vikunja)|(?:wallabag)/(?:wallabag)|(?:ghcr\.io/wizarrrr)/(?:wizarr)|(?:quay\.io/woodpeckerci|woodpeckerci)/(?:woodpecker-(?-i:[sS])erver))(?::[^/:@]*)?|(?:ghcr\.io/home-a(?-i:[sS])(?-i:[sS])i(?-i:[sS])tant/[^/@]*-homea(?-i:[sS])(?-i:[sS])i(?-i:[sS])tant):[^/:@]*)(?:@(?s:.*))?[\x00-\x20]*$')))
      )
{{- end }}
{{- end }}
