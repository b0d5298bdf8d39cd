/** The static document `GET /dashboard_templates/json_schema` serves (PostHog's `test_dashboard_template_schema`). */
export const templateJsonSchema = {
  type: "object",
  required: ["template_name", "dashboard_description", "dashboard_filters", "tiles"],
  properties: {
    id: { description: "The id of the dashboard template", type: "string" },
    template_name: { description: "The name of the dashboard template", type: "string" },
    team_id: { description: "The team this dashboard template belongs to", type: ["number", "null"] },
    created_at: { description: "When the dashboard template was created", type: "string" },
    image_url: { description: "The image of the dashboard template", type: ["string", "null"] },
    dashboard_description: { description: "The description of the dashboard template", type: "string" },
    dashboard_filters: { description: "The filters of the dashboard template", type: "object" },
    tiles: {
      description: "The tiles of the dashboard template",
      type: "array",
      items: { type: "object" },
      minItems: 1
    },
    variables: {
      description: "The variables of the dashboard template",
      anyOf: [
        {
          type: "array",
          items: {
            type: "object",
            required: ["id", "name", "type", "default", "description", "required"],
            properties: {
              id: { description: "The id of the variable", type: "string" },
              name: { description: "The name of the variable", type: "string" },
              type: { description: "The type of the variable", enum: ["event"] },
              default: { description: "The default value of the variable", type: "object" },
              description: { description: "The description of the variable", type: "string" },
              required: { description: "Whether the variable is required", type: "boolean" }
            }
          }
        },
        { type: "null" }
      ]
    },
    tags: { description: "The tags of the dashboard template", type: "array", items: { type: "string" } },
    is_featured: { description: "Whether the dashboard template is featured", type: "boolean" }
  }
} as const
