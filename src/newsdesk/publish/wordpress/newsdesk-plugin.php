<?php
/**
 * Plugin Name: newsdesk
 * Description: Lets newsdesk keep each story's credit in post meta, and find the post it made for a story, so a story is never posted twice. Copy this file into wp-content/mu-plugins/.
 * Version: 1
 * License: MIT
 */

defined('ABSPATH') || exit;

// Post meta newsdesk writes with each post; readable and writable through the REST API by
// whoever may edit posts.
add_action('init', function () {
    $keys = array(
        'newsdesk_story' => 'the newsdesk story this post carries',
        'newsdesk_credit' => 'the outlet that reported the story first',
        'newsdesk_source_url' => "the address of the story's original article",
    );
    foreach ($keys as $key => $description) {
        register_post_meta('post', $key, array(
            'type' => 'string',
            'description' => $description,
            'single' => true,
            'show_in_rest' => true,
            'auth_callback' => function () {
                return current_user_can('edit_posts');
            },
        ));
    }
});

// GET /wp/v2/posts?newsdesk_story=KEY finds the post of one story (with status=any: in
// whatever state it is), so a post whose answer was lost is found, not made again.
add_filter('rest_post_query', function ($args, $request) {
    $story = $request->get_param('newsdesk_story');
    if (is_string($story) && $story !== '') {
        $args['meta_key'] = 'newsdesk_story';
        $args['meta_value'] = sanitize_text_field($story);
    }
    return $args;
}, 10, 2);

// GET /newsdesk/v1/plugin tells newsdesk this file is installed.
add_action('rest_api_init', function () {
    register_rest_route('newsdesk/v1', '/plugin', array(
        'methods' => 'GET',
        'callback' => function () {
            return array('version' => 1);
        },
        'permission_callback' => '__return_true',
    ));
});
