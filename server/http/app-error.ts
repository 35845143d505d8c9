/** Error codes the API answers with; each has a message in every UI language. */
export type ErrorCode =
  | 'not_found'
  | 'route_not_found'
  | 'invalid_parameter'
  | 'unknown_level'
  | 'grid_not_found'
  | 'body_too_large'
  | 'invalid_json'
  | 'json_too_deep'
  | 'unsupported_body_encoding'
  | 'unreadable_body'
  | 'internal'
  | 'unauthorized'
  | 'invalid_credentials'
  | 'account_locked'
  | 'rate_limited'
  | 'intake_rate_limited'
  | 'csrf_failed'
  | 'forbidden'
  | 'password_change_required'
  | 'weak_password'
  | 'username_taken'
  | 'staff_taken'
  | 'zoom_in'
  | 'spreadsheet_unreadable'
  | 'spreadsheet_empty'
  | 'spreadsheet_too_large'
  | 'too_many_rows'
  | 'import_not_found'
  | 'import_has_errors'
  | 'import_nothing'
  | 'invalid_wall_token'
  | 'unsupported_media_type'
  | 'not_an_image'
  | 'too_many_photos'
  | 'photo_not_found'
  | 'idempotency_mismatch'
  | 'idempotency_in_flight'
  | 'unknown_category'
  | 'category_exists'
  | 'location_outside_area'
  | 'location_out_of_district'
  | 'incident_not_found'
  | 'illegal_transition'
  | 'note_required'
  | 'stale_version'
  | 'already_top_level'
  | 'invalid_geometry'
  | 'no_child_level'
  | 'duplicate_cell'
  | 'grid_exists'
  | 'code_not_under_parent'
  | 'change_set_not_found'
  | 'change_set_closed'
  | 'change_set_empty'
  | 'not_editable_level'
  | 'precondition_required'
  | 'stale_boundary'
  | 'if_match_mismatch'
  | 'change_set_invalid'
  | 'households_in_gaps'
  | 'gaps_not_accepted'
  | 'delete_without_heir'
  | 'cell_in_use'
  | 'version_not_found'
  | 'nothing_to_roll_back'
  | 'split_failed'
  | 'not_adjacent'
  | 'boundary_file_unreadable'
  | 'boundary_file_too_large'
  | 'shapefile_incomplete'
  | 'projected_crs'
  | 'month_in_future'
  | 'unknown_projection'
  | 'archive_unrecognised'
  | 'boundary_file_empty'
  | 'geopackage_no_layers'
  | 'geopackage_layer_unknown'
  | 'geopackage_no_geometry'
  | 'import_names_damaged'
  | 'boundary_import_not_found'
  | 'import_has_problems'
  | 'import_field_missing'
  | 'import_duplicate_code'
  | 'not_overloaded'
  | 'no_blocks_to_split'
  | 'takeover_not_found'
  | 'takeover_acknowledged'
  | 'takeover_changed'
  | 'milestone_done'
  | 'wall_token_not_found'
  | 'tour_changed';

/**
 * The one error type the HTTP layer turns into a response. `param` names the
 * offending parameter; `detail` fills the message templates.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly detail: Record<string, string | number> = {},
    readonly param?: string,
    /** Extra response headers (Retry-After on a 429). */
    readonly headers: Record<string, string> = {},
  ) {
    super(`${code} ${JSON.stringify(detail)}`);
  }

  /** More of the answer beside `error` (an import's report of bad rows with a 422). */
  extra?: Record<string, unknown>;
}

/** Shorthand for a 400 about one parameter. */
export function invalidParameter(param: string, reason: string, reasonEn: string): AppError {
  return new AppError(400, 'invalid_parameter', { param, reason, reasonEn }, param);
}
