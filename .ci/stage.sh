# Sourced by .ci/run: `stage NAME command…` runs one CI stage, prints "ci: NAME: ok in N s" (or
# "failed") and remembers it; `stage_summary` prints every stage's line again at the end.
stage_lines=()
stage() {
  local name=$1 start=$SECONDS line
  shift
  echo "ci: $name: starting" >&2
  if "$@"; then line="ci: $name: ok in $((SECONDS - start)) s"; else
    line="ci: $name: FAILED after $((SECONDS - start)) s"
    stage_lines+=("$line")
    echo "$line"
    stage_summary
    exit 1
  fi
  stage_lines+=("$line")
  echo "$line"
}
stage_summary() {
  echo "ci: summary ($SECONDS s in all)"
  printf '  %s\n' "${stage_lines[@]}"
}
